//! One row per rule: `seg!(rule_id, lang, "input", ["sentence", …])`. The rule id in the
//! test name is the one `docs/segment.md` documents.

use super::*;

fn sentences(text: &str, lang: &str) -> Vec<String> {
    segment(text, &Lang::new(lang))
        .into_iter()
        .map(|s| s.text)
        .collect()
}

macro_rules! seg {
    ($name:ident, $lang:literal, $input:expr, [$($want:expr),* $(,)?]) => {
        #[test]
        fn $name() {
            let want: Vec<&str> = vec![$($want),*];
            assert_eq!(sentences($input, $lang), want, "input: {:?}", $input);
        }
    };
}

// LINE-BREAK
seg!(
    line_break_ends_headline_ar,
    "ar",
    "أنقرة تستضيف اجتماعًا\n14/11/2022\nأكد المتحدث.",
    ["أنقرة تستضيف اجتماعًا", "14/11/2022", "أكد المتحدث."]
);
seg!(
    line_break_ends_headline_en,
    "en",
    "Ankara hosts talks\nNov. 14, 2022\nThe talks began.",
    ["Ankara hosts talks", "Nov. 14, 2022", "The talks began."]
);
seg!(
    line_break_crlf,
    "en",
    "Headline\r\nBody text.\r\n",
    ["Headline", "Body text."]
);

// TERMINATOR
seg!(
    terminator_period_ar,
    "ar",
    "قال الوزير ذلك. وأضاف أن اللقاء مهم.",
    ["قال الوزير ذلك.", "وأضاف أن اللقاء مهم."]
);
seg!(
    terminator_arabic_question_mark,
    "ar",
    "هل انتهت الحرب؟ لا أحد يعرف.",
    ["هل انتهت الحرب؟", "لا أحد يعرف."]
);
seg!(
    terminator_runs_ar,
    "ar",
    "هل هذا معقول؟! نعم.",
    ["هل هذا معقول؟!", "نعم."]
);
seg!(
    terminator_ellipsis_en,
    "en",
    "We waited… The answer came... It was no.",
    ["We waited…", "The answer came...", "It was no."]
);
seg!(
    terminator_double_period,
    "ar",
    "ارتفعت المبيعات بنسبة 12%.. وقال الوزير ذلك.",
    ["ارتفعت المبيعات بنسبة 12%..", "وقال الوزير ذلك."]
);

// ELLIPSIS-INSIDE (Arabic) and LOWER-NEXT after an ellipsis (English)
seg!(
    ellipsis_inside_ar,
    "ar",
    "انتظر الجميع… ثم جاء الرد... وانتهى الأمر.
وقال…
ثم غادر.",
    [
        "انتظر الجميع… ثم جاء الرد... وانتهى الأمر.",
        "وقال…",
        "ثم غادر."
    ]
);
seg!(
    ellipsis_before_lower_case_en,
    "en",
    "And maybe... if you wait, it works. Fine.",
    ["And maybe... if you wait, it works.", "Fine."]
);
seg!(
    terminator_exclamation_en,
    "en",
    "Stop! The talks are over. Why? Nobody knows.",
    ["Stop!", "The talks are over.", "Why?", "Nobody knows."]
);
seg!(
    terminator_runs_en,
    "en",
    "Really?! Yes.",
    ["Really?!", "Yes."]
);

// CLOSER
seg!(
    closer_quote_then_period,
    "ar",
    "حذر \"من عواقب استخدام الأسلحة النووية\". وذكرت القناة ذلك.",
    [
        "حذر \"من عواقب استخدام الأسلحة النووية\".",
        "وذكرت القناة ذلك."
    ]
);
seg!(
    closer_period_then_guillemet,
    "ar",
    "قال «انتهى الأمر.» ثم غادر.",
    ["قال «انتهى الأمر.»", "ثم غادر."]
);
seg!(
    closer_reversed_guillemets,
    "ar",
    "قال »انتهى الأمر.« ثم غادر.",
    ["قال »انتهى الأمر.«", "ثم غادر."]
);
seg!(
    closer_bracket_en,
    "en",
    "He left (for good.) Then she came.",
    ["He left (for good.)", "Then she came."]
);
seg!(
    closer_curly_quote_en,
    "en",
    "He said “no.” Then he left.",
    ["He said “no.”", "Then he left."]
);

// BIDI-MARK
seg!(
    bidi_mark_stays_before,
    "ar",
    "انتهى الاجتماع.\u{200F} وبدأ آخر.",
    ["انتهى الاجتماع.\u{200F}", "وبدأ آخر."]
);
seg!(
    bidi_alm_stays_before,
    "ar",
    "انتهى الاجتماع.\u{061C}وبدأ آخر.",
    ["انتهى الاجتماع.\u{061C}", "وبدأ آخر."]
);

// AR-GLUED-END
seg!(
    ar_glued_end_after_year,
    "ar",
    "انتهت الحرب عام 2023.وبدأت مرحلة جديدة.",
    ["انتهت الحرب عام 2023.", "وبدأت مرحلة جديدة."]
);
seg!(
    ar_glued_end_after_word,
    "ar",
    "انتهى اللقاء.وعاد الوفد.",
    ["انتهى اللقاء.", "وعاد الوفد."]
);

// GLUED-TOKEN: numbers, URLs, e-mail addresses, dotted names
seg!(
    glued_token_decimal,
    "ar",
    "ارتفع التضخم إلى 3.5 بالمئة في الساعة 10.30 صباحا.",
    ["ارتفع التضخم إلى 3.5 بالمئة في الساعة 10.30 صباحا."]
);
seg!(
    glued_token_url_email,
    "en",
    "See https://www.example.com/a?b=1 or mail info@example.org. Then call.",
    [
        "See https://www.example.com/a?b=1 or mail info@example.org.",
        "Then call."
    ]
);
seg!(
    glued_token_url_ar,
    "ar",
    "زوروا الموقع www.aljazeera.net للمزيد. شكرا.",
    ["زوروا الموقع www.aljazeera.net للمزيد.", "شكرا."]
);

// Not ends: Arabic separators, numbers written with other marks, dates.
seg!(
    not_end_arabic_comma_semicolon_colon,
    "ar",
    "قال، ثم أضاف؛ وأكد: \"سنستمر\".",
    ["قال، ثم أضاف؛ وأكد: \"سنستمر\"."]
);
seg!(
    not_end_arabic_decimal_and_thousands,
    "ar",
    "بلغ النمو ٢٫٧ بالمئة و4,500,000 دولار.",
    ["بلغ النمو ٢٫٧ بالمئة و4,500,000 دولار."]
);
seg!(
    not_end_dates,
    "ar",
    "في 14/11/2022 و١/١/٢٠٢٣ عقد اللقاء.",
    ["في 14/11/2022 و١/١/٢٠٢٣ عقد اللقاء."]
);

// ABBREV (Arabic list and English list)
seg!(
    abbrev_ar_hijri_year,
    "ar",
    "ولد عام 1420 هـ. في مكة.",
    ["ولد عام 1420 هـ. في مكة."]
);
seg!(
    abbrev_ar_ad_year,
    "ar",
    "في عام 2022 م. عقد اللقاء.",
    ["في عام 2022 م. عقد اللقاء."]
);
seg!(
    abbrev_en_titles,
    "en",
    "Mr. Burns met Dr. Smith and St. John on Nov. 14 vs. Friday.",
    ["Mr. Burns met Dr. Smith and St. John on Nov. 14 vs. Friday."]
);
seg!(
    abbrev_en_eg,
    "en",
    "Some names, e.g. Peskov, are common.",
    ["Some names, e.g. Peskov, are common."]
);

// AR-INITIAL
seg!(
    ar_initial_doctor,
    "ar",
    "قال د. محمد إن ج. 2 ص. 15 مهم.",
    ["قال د. محمد إن ج. 2 ص. 15 مهم."]
);

// DOTTED-ABBREV
seg!(
    dotted_abbrev_ar,
    "ar",
    "كتب أ.د. أحمد عن ص.ب. 1234 وعن القرن الثالث ق.م. بالتفصيل.",
    ["كتب أ.د. أحمد عن ص.ب. 1234 وعن القرن الثالث ق.م. بالتفصيل."]
);
seg!(
    dotted_abbrev_en_inside,
    "en",
    "The U.S. and the U.N. met at 10 a.m. on Monday.",
    ["The U.S. and the U.N. met at 10 a.m. on Monday."]
);

// MAYBE-FINAL
seg!(
    maybe_final_before_starter,
    "en",
    "He moved to the U.S. The talks began at 5 p.m. They ended late.",
    [
        "He moved to the U.S.",
        "The talks began at 5 p.m.",
        "They ended late."
    ]
);
seg!(
    maybe_final_etc,
    "en",
    "Apples, pears etc. are fruit. Bread etc. The list ends.",
    [
        "Apples, pears etc. are fruit.",
        "Bread etc.",
        "The list ends."
    ]
);

// LATIN-INITIAL
seg!(
    latin_initial,
    "en",
    "Bush nominated Jennifer M. Anderson for a term.",
    ["Bush nominated Jennifer M. Anderson for a term."]
);

// ENUMERATOR
seg!(
    enumerator_inside_sentence,
    "en",
    "The plan: 1. talks 2. a truce. Then peace.",
    ["The plan: 1. talks 2. a truce.", "Then peace."]
);
seg!(
    enumerator_ar,
    "ar",
    "المطالب هي: 1. وقف النار 2. الحوار. وانتهى البيان.",
    ["المطالب هي: 1. وقف النار 2. الحوار.", "وانتهى البيان."]
);
seg!(
    year_is_not_enumerator,
    "en",
    "It ended in 2004. Then it began.",
    ["It ended in 2004.", "Then it began."]
);

// ORDINAL (German)
seg!(
    ordinal_de,
    "de",
    "Am 3. November kam er. Dann ging er.",
    ["Am 3. November kam er.", "Dann ging er."]
);

seg!(
    ordinal_de_lower_case_preposition,
    "de",
    "Die Wahl findet am 3. Oktober statt. Danach wird gezählt.",
    [
        "Die Wahl findet am 3. Oktober statt.",
        "Danach wird gezählt."
    ]
);

// SPACED-CLOSER (French): the guillemet one space after the marks closes the sentence.
seg!(
    spaced_closer_fr_then_lower_case,
    "fr",
    "« Bonjour ! » a dit le ministre. Il est parti.",
    ["« Bonjour ! » a dit le ministre.", "Il est parti."]
);
seg!(
    spaced_closer_fr_no_break_spaces,
    "fr",
    "Il a dit\u{a0}: «\u{a0}C'est fini.\u{202f}» Puis il est parti.",
    [
        "Il a dit\u{a0}: «\u{a0}C'est fini.\u{202f}»",
        "Puis il est parti."
    ]
);
seg!(
    spaced_closer_fr_only_for_a_closer,
    "fr",
    "Il est venu ! Il est reparti.",
    ["Il est venu !", "Il est reparti."]
);
seg!(
    spaced_closer_not_in_english,
    "en",
    "He won! » Then he left.",
    ["He won!", "» Then he left."]
);

// PARAGRAPH: a blank line ends a sentence too
seg!(
    paragraph_blank_line_ends,
    "en",
    "First line\n\n  \nSecond",
    ["First line", "Second"]
);

// CITATION
seg!(
    citation_stays_with_sentence,
    "en",
    "He stayed until July 1805. [6] A poor student, he left. […] Then he wrote.",
    [
        "He stayed until July 1805. [6]",
        "A poor student, he left. […]",
        "Then he wrote."
    ]
);

// ENUMERATOR: a count is not a list number
seg!(
    count_is_not_enumerator,
    "en",
    "They fired into the crowd, killing 4. It seems clear.",
    ["They fired into the crowd, killing 4.", "It seems clear."]
);

// NEVER-STARTS
seg!(
    never_starts_comma,
    "en",
    "They brought pens, paper etc. , and more.",
    ["They brought pens, paper etc. , and more."]
);

// LOWER-NEXT
seg!(
    lower_next_not_after_bare_marks,
    "en",
    "where did you grow up? india? ok. see you.",
    ["where did you grow up?", "india?", "ok.", "see you."]
);
seg!(
    lower_next_en,
    "en",
    "\"Stop!\" he said. It worked.",
    ["\"Stop!\" he said.", "It worked."]
);
seg!(
    lower_next_not_in_arabic_rules,
    "ar",
    "Hello. world",
    ["Hello.", "world"]
);

// PAREN
seg!(
    paren_silences_inside,
    "ar",
    "قال (وهو غاضب. جدا) إن الأمر انتهى. ثم غادر.",
    ["قال (وهو غاضب. جدا) إن الأمر انتهى.", "ثم غادر."]
);
seg!(
    paren_unclosed_changes_nothing,
    "ar",
    "قال (وهو غاضب. ثم غادر.",
    ["قال (وهو غاضب.", "ثم غادر."]
);

// OMISSION
seg!(
    omission_inside_quote,
    "ar",
    "قال إن (...) الأمر انتهى. ثم غادر.",
    ["قال إن (...) الأمر انتهى.", "ثم غادر."]
);

// Unbalanced quote: splitting goes on.
seg!(
    unbalanced_quote_keeps_splitting,
    "en",
    "He said \"no. Then he left. She stayed. All ended.",
    [
        "He said \"no.",
        "Then he left.",
        "She stayed.",
        "All ended."
    ]
);
seg!(
    unbalanced_quote_keeps_splitting_ar,
    "ar",
    "قال \"لا. ثم غادر. وبقيت هي. وانتهى كل شيء.",
    ["قال \"لا.", "ثم غادر.", "وبقيت هي.", "وانتهى كل شيء."]
);

// Space before the mark (PADT style).
seg!(
    space_before_period,
    "ar",
    "أجريت الانتخابات . وفاز الحزب .",
    ["أجريت الانتخابات .", "وفاز الحزب ."]
);

// Whitespace: NBSP-only lines give nothing.
seg!(
    nbsp_line_is_blank,
    "ar",
    "عنوان\n\u{00A0}\n\nنص.\u{00A0}\n",
    ["عنوان", "نص."]
);

#[test]
fn paragraph_counts_blank_line_separated_blocks_from_zero() {
    let text = "\n\nعنوان\nسطر.\n\n\u{00A0}\n\nفقرة ثانية. جملة.\n\nثالثة";
    let paragraphs: Vec<u32> = segment(text, &Lang::arabic())
        .iter()
        .map(|s| s.paragraph)
        .collect();
    assert_eq!(paragraphs, [0, 0, 1, 1, 2]);
}

#[test]
fn spans_point_into_the_text() {
    let text = "  Mr. Burns left.\tThe end.  \n\nNext ";
    for s in segment(text, &Lang::english()) {
        assert_eq!(&text[s.span.clone()], s.text);
    }
}

#[test]
fn other_latin_languages_get_latin_rules() {
    assert_eq!(
        sentences("Am 3. November kam er z.B. spät. Dann ging er.", "de"),
        ["Am 3. November kam er z.B. spät.", "Dann ging er."]
    );
    assert_eq!(
        sentences("Mme. Dupont est venue. Elle est partie.", "fr"),
        ["Mme. Dupont est venue.", "Elle est partie."]
    );
}

#[test]
fn detect_lang_follows_the_dominant_script() {
    assert_eq!(detect_lang("أكد المتحدث باسم الرئاسة (CNN)").as_str(), "ar");
    assert_eq!(
        detect_lang("The spokesman said ناريشكين met Burns").as_str(),
        "en"
    );
    assert_eq!(detect_lang("").as_str(), "en");
}

#[test]
fn document_keeps_lang_and_origin() {
    let doc = document("One. Two.", Lang::english(), Some("en.txt".into()));
    assert_eq!(doc.segments.len(), 2);
    assert_eq!(doc.origin.as_deref(), Some("en.txt"));
    assert_eq!(doc.lang, Lang::english());
}

#[test]
fn candidate_bytes_cover_every_bracket_opener() {
    assert_eq!(
        data::PAREN_PAIRS.len(),
        2,
        "CANDIDATE_BYTES lists two openers"
    );
    for (open, _) in data::PAREN_PAIRS {
        assert!(CANDIDATE[*open as usize]);
    }
}

proptest::proptest! {
    /// The vector scan finds exactly what a byte-by-byte table scan finds.
    #[test]
    fn vector_scan_equals_table_scan(
        bytes in proptest::collection::vec(proptest::sample::select(
            vec![b'a', 0xD8, 0xA7, b'.', b'\n', 0x9F, 0xA6, b'(', b'[', b'!', b'?', b' ']), 0..100),
        from in 0usize..110,
    ) {
        let want = bytes
            .iter()
            .enumerate()
            .skip(from)
            .find(|(_, &b)| CANDIDATE[b as usize])
            .map(|(k, _)| k);
        proptest::prop_assert_eq!(next_candidate(&bytes, from), want);
    }
}

#[test]
fn exported_srx_splits_french_guillemets_like_qarin() {
    let mut xml = Vec::new();
    srx::write_srx(&mut xml).unwrap();
    let xml = String::from_utf8(xml).unwrap();
    let rules = srx::SrxRules::parse(&xml, &Lang::new("fr")).unwrap();
    for text in [
        "« Bonjour ! » a dit le ministre. Il est parti.",
        "Il a dit\u{a0}: «\u{a0}C'est fini.\u{202f}» Puis il est parti.",
        "« Tu viens ? » Non. Il est venu ! Il est reparti.",
    ] {
        let srx: Vec<String> = rules.segment(text).into_iter().map(|s| s.text).collect();
        assert_eq!(srx, sentences(text, "fr"), "{text}");
    }
}
