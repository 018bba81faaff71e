//! Numbers and dates normalised across digit systems and formats (`14/11/2022` ~ `November 14, 2022`, `٢٫٧` ~ `2.7`).
