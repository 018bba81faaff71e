//! A saved web page to blocks of text: the article kept, the site around it left out,
//! furniture inside it marked.
//!
//! The page is parsed by `scraper` (html5ever, the HTML5 parsing algorithm browsers use,
//! so broken markup, entities and implied tags come out as a browser shows them), then
//! walked once without recursion (10,000 nested `<div>`s are no deeper for us than one):
//!
//! 1. **Never text**: `script`, `style`, `noscript`, `template`, `head`, `svg`, `math`,
//!    `iframe`, `object`, `embed`, `canvas`, `video`, `audio`, form controls (`button`,
//!    `select`, `textarea`, `input`), and anything `hidden`, `aria-hidden="true"` or
//!    styled `display:none` / `visibility:hidden`.
//! 2. **Blocks**: the inline text directly inside each block-level element (`p`, `div`,
//!    `h1`–`h6`, `li`, `td`, `figcaption`, …) is one block; `<br>` is a line break inside
//!    it; white space collapses as a browser collapses it (kept in `<pre>`). Its role comes
//!    from the element: `h1`–`h6` heading, `li`/`dt`/`dd` list item, `td`/`th` table cell,
//!    `figcaption`/`caption` caption, else paragraph.
//! 3. **The article** (readability's scoring): every block of 25 characters or more
//!    scores `1 + commas (, and ،) + min(characters / 100, 3)` for its parent element,
//!    half for its grandparent, `1 / (3 × level)` for the three levels above; elements
//!    start from a tag weight (`div` +5, `td`/`pre`/`blockquote` +3, lists and forms −3,
//!    headings −5) and ±25 per class or id that looks like content (`article`, `content`,
//!    `entry`, `post`, `story`, `text`, `body`, `main`, `news`, `detail`) or like site
//!    furniture (the widget words below, `banner`, `breaking`, `meta`, `foot`); the total
//!    is scaled by `1 − link density` (the share of the element's text inside links). The
//!    best element, or the `<article>` up to three levels above it, is the article; its
//!    siblings join it when they score at least a fifth of it (and 10), or are a
//!    paragraph of 80+ characters with little link text.
//! 4. **Around it**: the blocks between the first and last block of the article, and
//!    up to 8 short blocks (≤ 120 characters) just before and after it, stopping at a
//!    widget, a long block or a run of two link lists: the headline, the date line, the
//!    section name and the "read more" line of a page usually sit there.
//! 5. **Widgets** are dropped wherever they are: `nav`, `aside`, `form`, `menu`,
//!    `dialog`, `footer`, a `header` outside an `<article>`, ARIA roles `navigation`,
//!    `banner`, `contentinfo`, `complementary`, `search`, `menu`, `dialog`, and classes
//!    or ids with a word of [`WIDGET_WORDS`] (`share`, `social`, `related`, `comment`,
//!    `sidebar`, `menu`, `ad`, …); an element around the article never counts as one.
//! 6. **Furniture marked**: a kept block other than a heading with at most 10 words, at
//!    least half of them inside links (a breadcrumb, a tag banner, "read more in: …"), is
//!    `boilerplate`; so is every line the phrase list of `furniture` matches.
//!
//! Everything outside the article is left out and counted in a notice; with
//! `--keep-boilerplate` every visible block is kept and nothing is marked.

use super::Extracted;
use crate::model::Role;
use scraper::{Html, Node};

/// Class and id words of the page parts that are never the article.
#[rustfmt::skip]
pub const WIDGET_WORDS: &[&str] = &[
    "ad", "ads", "advert", "advertisement", "banner-ad", "comment", "comments", "cookie",
    "cookies", "footer", "menu", "modal", "most-read", "mostread", "nav", "navbar",
    "navigation", "newsletter", "popup", "print", "promo", "related", "share", "sharing",
    "sidebar", "social", "sponsor", "sponsored", "subscribe", "ticker", "toolbar",
    "trending", "widget",
];

/// Class and id words of the element that holds the article.
#[rustfmt::skip]
const CONTENT_WORDS: &[&str] = &[
    "article", "body", "content", "detail", "details", "entry", "main", "news", "post",
    "story", "text",
];

/// Class and id words that lower an element's score without making it a widget.
#[rustfmt::skip]
const NEGATIVE_WORDS: &[&str] = &["banner", "breaking", "foot", "masthead", "meta", "tags"];

/// Blocks shorter than this (in characters) give no score.
const MIN_SCORED_CHARS: u32 = 25;
/// Blocks looked at before and after the article, and how long they may be.
const EDGE_BLOCKS: usize = 8;
const EDGE_MAX_CHARS: u32 = 120;
/// A block of at most this many words, at least half inside links, is furniture.
const LINK_LINE_WORDS: usize = 10;
/// Element paths keep this many of their last steps.
const PATH_STEPS: usize = 12;

const NONE: u32 = u32::MAX;

/// What the walk keeps of each element.
#[derive(Clone, Debug)]
struct Elem {
    parent: u32,
    /// The index of its last descendant: `i` is inside `e` when `e <= i <= e.end`.
    end: u32,
    kind: Kind,
    /// Score start from the tag and its class and id.
    weight: f32,
    /// The nearest element at or above this one that is a widget.
    widget: u32,
    /// Characters of visible text below, and of those inside links.
    chars: u32,
    link_chars: u32,
    score: f32,
    scored: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Article,
    Paragraph,
    Other,
}

/// One block as the walk found it.
#[derive(Debug)]
struct RawBlock {
    owner: u32,
    text: String,
    chars: u32,
    link_chars: u32,
    commas: u32,
    words: usize,
    role: Role,
    path: String,
}

/// Elements nested deeper than this are attached beside, not inside, the one at this
/// depth, as browsers do (Blink's limit): html5ever checks scopes by walking the stack of
/// open elements, so 100,000 nested `<div>`s would otherwise take minutes.
pub const MAX_DEPTH: u32 = 512;

/// Parses a page with html5ever, its nesting bounded by [`MAX_DEPTH`].
fn parse(html: &str) -> Html {
    use html5ever::tendril::StrTendril;
    use html5ever::tokenizer::{BufferQueue, Tokenizer};
    use html5ever::tree_builder::{TreeBuilder, TreeSink};
    use html5ever::TokenizerResult;
    let builder = TreeBuilder::new(
        scraper::HtmlTreeSink::new(Html::new_document()),
        Default::default(),
    );
    let tokenizer = Tokenizer::new(DepthLimit::new(builder), Default::default());
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(html));
    while !matches!(tokenizer.feed(&input), TokenizerResult::Done) {}
    tokenizer.end();
    tokenizer.sink.inner.sink.finish()
}

/// A token filter between the tokenizer and the tree builder that drops the start and
/// end tags of container elements opened past [`MAX_DEPTH`]; their content stays.
struct DepthLimit<S> {
    inner: S,
    /// Per element name: how many are open, and how many were dropped and not closed.
    open: std::cell::RefCell<std::collections::HashMap<html5ever::LocalName, (u32, u32)>>,
    depth: std::cell::Cell<u32>,
}

impl<S> DepthLimit<S> {
    fn new(inner: S) -> DepthLimit<S> {
        DepthLimit {
            inner,
            open: Default::default(),
            depth: std::cell::Cell::new(0),
        }
    }
}

impl<S: html5ever::tokenizer::TokenSink> html5ever::tokenizer::TokenSink for DepthLimit<S> {
    type Handle = S::Handle;

    fn process_token(
        &self,
        token: html5ever::tokenizer::Token,
        line_number: u64,
    ) -> html5ever::tokenizer::TokenSinkResult<S::Handle> {
        use html5ever::tokenizer::{TagKind, Token, TokenSinkResult};
        if let Token::TagToken(tag) = &token {
            if needs_end_tag(&tag.name) && !tag.self_closing {
                let mut open = self.open.borrow_mut();
                let (live, dropped) = open.entry(tag.name.clone()).or_default();
                match tag.kind {
                    TagKind::StartTag if self.depth.get() >= MAX_DEPTH => {
                        *dropped += 1;
                        return TokenSinkResult::Continue;
                    }
                    TagKind::StartTag => {
                        *live += 1;
                        self.depth.set(self.depth.get() + 1);
                    }
                    TagKind::EndTag if *dropped > 0 => {
                        *dropped -= 1;
                        return TokenSinkResult::Continue;
                    }
                    TagKind::EndTag if *live > 0 => {
                        *live -= 1;
                        self.depth.set(self.depth.get() - 1);
                    }
                    TagKind::EndTag => {}
                }
            }
        }
        self.inner.process_token(token, line_number)
    }

    fn end(&self) {
        self.inner.end();
    }

    fn adjusted_current_node_present_but_not_in_html_namespace(&self) -> bool {
        self.inner
            .adjusted_current_node_present_but_not_in_html_namespace()
    }
}

/// Containers whose end tag a page must write, so counting start and end tags follows
/// the real depth (elements with optional end tags, `p`, `li`, `td`, are not counted).
#[rustfmt::skip]
const NEEDS_END_TAG: &[&str] = &[
    "a", "abbr", "address", "article", "aside", "b", "bdi", "bdo", "big", "blockquote",
    "center", "cite", "code", "del", "details", "dfn", "dialog", "div", "dl", "em", "fieldset",
    "figcaption", "figure", "font", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6",
    "header", "hgroup", "i", "ins", "kbd", "label", "main", "mark", "menu", "nav", "nobr", "ol",
    "q", "s", "samp", "section", "small", "span", "strike", "strong", "sub", "sup", "table",
    "tt", "u", "ul", "var",
];

fn needs_end_tag(name: &str) -> bool {
    NEEDS_END_TAG.binary_search(&name).is_ok()
}

/// Extracts the blocks of a page (already decoded) as the module docs say.
pub fn extract(html: &str, keep_boilerplate: bool) -> Extracted {
    // The DOM weighs several times the page; only the blocks are needed from here on.
    let walk = Walk::run(&parse(html));
    let lang = walk.lang.clone();
    let Walk {
        mut elems, blocks, ..
    } = walk;
    let total = blocks.len();
    let (keep, marked) = if keep_boilerplate {
        (vec![true; total], vec![false; total])
    } else {
        choose(&mut elems, &blocks)
    };
    let mut out = Extracted {
        lang,
        ..Extracted::default()
    };
    let mut kept = 0;
    for (k, block) in blocks.into_iter().enumerate() {
        if !keep[k] {
            continue;
        }
        kept += 1;
        let role = if marked[k] {
            Role::Boilerplate
        } else {
            block.role
        };
        out.push_block(&block.text, role, Some(block.path));
    }
    let left_out = total - kept;
    if left_out > 0 {
        out.notices.push(format!(
            "kept the article ({kept} blocks); left out {left_out} blocks of the site \
             around it (menus, links, footer); --keep-boilerplate keeps everything"
        ));
    }
    out
}

/// Which blocks to keep, and which of those are furniture.
fn choose(elems: &mut [Elem], blocks: &[RawBlock]) -> (Vec<bool>, Vec<bool>) {
    let n = blocks.len();
    let mut keep = vec![false; n];
    let mut marked = vec![false; n];
    if n == 0 {
        return (keep, marked);
    }
    let article = article_element(elems, blocks);
    let inside = |i: u32, e: u32| e != NONE && e <= i && i <= elems[e as usize].end;
    // A widget around the article does not count: the page wrapper may be classed
    // `has-sidebar`.
    let in_widget = |b: &RawBlock| {
        let w = elems[b.owner as usize].widget;
        w != NONE && !inside(article.map_or(NONE, |(a, _)| a), w)
    };
    let members = article_members(elems, article);
    let is_member = |b: &RawBlock| members.iter().any(|&m| inside(b.owner, m));
    let first = blocks.iter().position(is_member);
    let last = blocks.iter().rposition(is_member);
    let (first, last) = match (first, last) {
        (Some(f), Some(l)) => (f, l),
        // No article found: the page has no block long enough to score. Keep all
        // that is not a widget.
        _ => (0, n - 1),
    };
    for k in first..=last {
        keep[k] = !in_widget(&blocks[k]);
    }
    let is_link_list = |b: &RawBlock| b.role == Role::ListItem && b.link_chars * 2 >= b.chars;
    let mut extend = |range: &mut dyn Iterator<Item = usize>| {
        let mut lists = 0;
        for (taken, k) in range.enumerate() {
            let b = &blocks[k];
            if taken >= EDGE_BLOCKS || in_widget(b) || b.chars > EDGE_MAX_CHARS {
                break;
            }
            lists = if is_link_list(b) { lists + 1 } else { 0 };
            if lists >= 2 {
                break;
            }
            keep[k] = true;
        }
    };
    if article.is_some() {
        extend(&mut (0..first).rev());
        extend(&mut (last + 1..n));
    }
    for (k, b) in blocks.iter().enumerate() {
        if keep[k] && b.role != Role::Heading && b.words <= LINK_LINE_WORDS {
            marked[k] = b.link_chars * 2 >= b.chars && b.link_chars > 0;
        }
    }
    (keep, marked)
}

/// The element holding the article: readability's best candidate, or an `<article>`
/// up to three levels above it. `None` when no block is long enough to score.
fn article_element(elems: &mut [Elem], blocks: &[RawBlock]) -> Option<(u32, f32)> {
    for b in blocks {
        if b.chars < MIN_SCORED_CHARS || b.role == Role::Heading {
            continue;
        }
        let score = 1.0 + b.commas as f32 + (b.chars as f32 / 100.0).min(3.0);
        let mut e = elems[b.owner as usize].parent;
        for level in 0..5 {
            if e == NONE {
                break;
            }
            let share = match level {
                0 => score,
                1 => score / 2.0,
                _ => score / (3.0 * level as f32),
            };
            let el = &mut elems[e as usize];
            if !el.scored {
                el.scored = true;
                el.score = el.weight;
            }
            el.score += share;
            e = el.parent;
        }
    }
    // Scaled by how little of the element's text is link text; then the best.
    let mut best: Option<(u32, f32)> = None;
    for (i, el) in elems.iter_mut().enumerate() {
        if !el.scored {
            continue;
        }
        if el.chars > 0 {
            el.score *= 1.0 - el.link_chars as f32 / el.chars as f32;
        }
        if best.map_or(true, |(_, s)| el.score > s) {
            best = Some((i as u32, el.score));
        }
    }
    let (mut top, top_score) = best?;
    let mut e = top;
    for _ in 0..3 {
        e = elems[e as usize].parent;
        if e == NONE {
            break;
        }
        if elems[e as usize].kind == Kind::Article {
            top = e;
            break;
        }
    }
    Some((top, top_score))
}

/// The article element and the siblings that join it (readability's sibling rule:
/// `top_score` is the best candidate's).
fn article_members(elems: &[Elem], article: Option<(u32, f32)>) -> Vec<u32> {
    let Some((top, top_score)) = article else {
        return Vec::new();
    };
    let mut members = vec![top];
    let parent = elems[top as usize].parent;
    if parent == NONE {
        return members;
    }
    let threshold = (top_score.max(0.0) * 0.2).max(10.0);
    // Siblings: the children of the parent, found by skipping over subtrees.
    let mut i = parent + 1;
    let end = elems[parent as usize].end;
    while i <= end {
        let el = &elems[i as usize];
        if i != top {
            let density = if el.chars > 0 {
                el.link_chars as f32 / el.chars as f32
            } else {
                1.0
            };
            let scored = el.scored && el.score >= threshold;
            let paragraph = el.kind == Kind::Paragraph && el.chars >= 80 && density < 0.25;
            if scored || paragraph {
                members.push(i);
            }
        }
        i = el.end + 1;
    }
    members
}

/// The one pass over the DOM.
struct Walk {
    elems: Vec<Elem>,
    blocks: Vec<RawBlock>,
    lang: Option<String>,
}

/// The inline text gathered for the block being built.
#[derive(Default)]
struct Inline {
    text: String,
    /// A space is owed before the next visible character.
    space: bool,
    chars: u32,
    link_chars: u32,
    commas: u32,
}

impl Inline {
    fn push_text(&mut self, s: &str, in_link: bool, preformatted: bool) {
        for c in s.chars() {
            if preformatted && (c == '\n' || c == '\r') {
                if c == '\n' {
                    self.line_break();
                }
                continue;
            }
            if matches!(c, ' ' | '\t' | '\n' | '\r' | '\u{c}') && !preformatted {
                self.space = true;
                continue;
            }
            if self.space && !self.text.is_empty() && !self.text.ends_with('\n') {
                self.text.push(' ');
            }
            self.space = false;
            self.text.push(c);
            if !c.is_whitespace() {
                self.chars += 1;
                if in_link {
                    self.link_chars += 1;
                }
                if c == ',' || c == '،' {
                    self.commas += 1;
                }
            }
        }
    }

    fn line_break(&mut self) {
        let trimmed = self.text.trim_end_matches([' ', '\t']).len();
        self.text.truncate(trimmed);
        self.text.push('\n');
        self.space = false;
    }
}

/// One open element on the walk's stack.
struct Open {
    elem: u32,
    name: String,
    /// Tag names of the children seen so far and how many of each, for `p[3]`.
    children: Vec<(String, u32)>,
    step: String,
    block: bool,
    link: bool,
    pre: bool,
}

impl Walk {
    fn run(document: &Html) -> Walk {
        let mut walk = Walk {
            elems: Vec::new(),
            blocks: Vec::new(),
            lang: None,
        };
        let mut stack: Vec<Open> = Vec::new();
        let mut inline = Inline::default();
        let mut skip: Option<ego_tree::NodeId> = None;
        let mut links = 0u32;
        let mut pre = 0u32;
        let mut in_article = 0u32;
        for edge in document.tree.root().traverse() {
            match edge {
                ego_tree::iter::Edge::Open(node) => {
                    if skip.is_some() {
                        continue;
                    }
                    match node.value() {
                        Node::Text(text) => {
                            if stack.is_empty() {
                                continue;
                            }
                            inline.push_text(&text.text, links > 0, pre > 0);
                        }
                        Node::Element(el) => {
                            let name = el.name();
                            if is_never_text(name) || is_hidden(el) {
                                skip = Some(node.id());
                                continue;
                            }
                            if name == "html" {
                                walk.lang = el.attr("lang").map(str::to_string);
                            }
                            if name == "br" {
                                inline.line_break();
                                continue;
                            }
                            let block = is_block(name);
                            if block {
                                walk.flush(&mut inline, &stack);
                            }
                            let parent = stack.last().map_or(NONE, |o| o.elem);
                            let parent_widget = if parent == NONE {
                                NONE
                            } else {
                                walk.elems[parent as usize].widget
                            };
                            let index = walk.elems.len() as u32;
                            let widget = if is_widget(el, name, in_article > 0) {
                                index
                            } else {
                                parent_widget
                            };
                            let kind = match name {
                                "article" => Kind::Article,
                                "p" => Kind::Paragraph,
                                _ if el.attr("role") == Some("article") => Kind::Article,
                                _ => Kind::Other,
                            };
                            walk.elems.push(Elem {
                                parent,
                                end: index,
                                kind,
                                weight: weight(el, name),
                                widget,
                                chars: 0,
                                link_chars: 0,
                                score: 0.0,
                                scored: false,
                            });
                            let step = match stack.last_mut() {
                                Some(open) => {
                                    let k = match open.children.iter_mut().find(|(n, _)| n == name)
                                    {
                                        Some((_, k)) => {
                                            *k += 1;
                                            *k
                                        }
                                        None => {
                                            open.children.push((name.to_string(), 1));
                                            1
                                        }
                                    };
                                    if k > 1 {
                                        format!("{name}[{k}]")
                                    } else {
                                        name.to_string()
                                    }
                                }
                                None => name.to_string(),
                            };
                            let link = name == "a" && el.attr("href").is_some();
                            let is_pre = matches!(name, "pre" | "listing" | "plaintext");
                            links += u32::from(link);
                            pre += u32::from(is_pre);
                            in_article += u32::from(kind == Kind::Article);
                            stack.push(Open {
                                elem: index,
                                name: name.to_string(),
                                children: Vec::new(),
                                step,
                                block,
                                link,
                                pre: is_pre,
                            });
                        }
                        _ => {}
                    }
                }
                ego_tree::iter::Edge::Close(node) => {
                    if let Some(id) = skip {
                        if id == node.id() {
                            skip = None;
                        }
                        continue;
                    }
                    let Node::Element(el) = node.value() else {
                        continue;
                    };
                    if el.name() == "br" {
                        continue;
                    }
                    let Some(open) = stack.last() else {
                        continue;
                    };
                    if open.block {
                        walk.flush(&mut inline, &stack);
                    }
                    let open = stack.pop().expect("checked above");
                    links -= u32::from(open.link);
                    pre -= u32::from(open.pre);
                    let index = open.elem as usize;
                    in_article -= u32::from(walk.elems[index].kind == Kind::Article);
                    // Pre-order numbering: the last element pushed so far is the last
                    // descendant.
                    walk.elems[index].end = walk.elems.len() as u32 - 1;
                }
            }
        }
        walk.flush(&mut inline, &stack);
        // Text counts up the tree: children come after their parent in pre-order.
        for i in (0..walk.elems.len()).rev() {
            let (parent, chars, link_chars) = {
                let e = &walk.elems[i];
                (e.parent, e.chars, e.link_chars)
            };
            if parent != NONE {
                let p = &mut walk.elems[parent as usize];
                p.chars += chars;
                p.link_chars += link_chars;
            }
        }
        walk
    }

    /// Ends the block being built: its text belongs to the innermost open block element.
    fn flush(&mut self, inline: &mut Inline, stack: &[Open]) {
        let gathered = std::mem::take(inline);
        if gathered.chars == 0 {
            return;
        }
        let Some(owner_at) = stack
            .iter()
            .rposition(|o| o.block)
            .or(stack.len().checked_sub(1))
        else {
            return;
        };
        let owner = &stack[owner_at];
        let text: String = gathered
            .text
            .lines()
            .map(|l| l.trim_matches(|c: char| c.is_whitespace()))
            .filter(|l| !l.is_empty())
            .collect::<Vec<_>>()
            .join("\n");
        let e = &mut self.elems[owner.elem as usize];
        e.chars += gathered.chars;
        e.link_chars += gathered.link_chars;
        let steps: Vec<&str> = stack[..=owner_at]
            .iter()
            .filter(|o| o.name != "html")
            .map(|o| o.step.as_str())
            .collect();
        let path = if steps.len() > PATH_STEPS {
            format!("…/{}", steps[steps.len() - PATH_STEPS..].join("/"))
        } else {
            steps.join("/")
        };
        self.blocks.push(RawBlock {
            owner: owner.elem,
            words: text.split_whitespace().count(),
            text,
            chars: gathered.chars,
            link_chars: gathered.link_chars,
            commas: gathered.commas,
            role: role_of(&owner.name),
            path,
        });
    }
}

/// Elements whose content is never text a reader sees.
#[rustfmt::skip]
const NEVER_TEXT: &[&str] = &[
    "audio", "button", "canvas", "datalist", "embed", "head", "iframe", "input", "math",
    "noscript", "object", "option", "script", "select", "style", "svg", "template", "textarea",
    "title", "video",
];

fn is_never_text(name: &str) -> bool {
    NEVER_TEXT.binary_search(&name).is_ok()
}

fn is_hidden(el: &scraper::node::Element) -> bool {
    if el.attr("hidden").is_some() || el.attr("aria-hidden") == Some("true") {
        return true;
    }
    el.attr("style").is_some_and(|style| {
        let compact: String = style
            .chars()
            .filter(|c| !c.is_whitespace())
            .flat_map(char::to_lowercase)
            .collect();
        compact.contains("display:none") || compact.contains("visibility:hidden")
    })
}

/// Block-level elements: each one's inline text is a block.
#[rustfmt::skip]
const BLOCKS: &[&str] = &[
    "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details",
    "dialog", "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form",
    "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "legend", "li", "main",
    "menu", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot",
    "th", "thead", "tr", "ul",
];

fn is_block(name: &str) -> bool {
    BLOCKS.binary_search(&name).is_ok()
}

fn role_of(name: &str) -> Role {
    match name {
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => Role::Heading,
        "li" | "dt" | "dd" => Role::ListItem,
        "td" | "th" => Role::TableCell,
        "figcaption" | "caption" => Role::Caption,
        _ => Role::Paragraph,
    }
}

/// The words of an element's class and id: `share-buttons main_menu` gives `share`,
/// `buttons`, `main`, `menu`, and the whole names too (`most-read`).
fn class_words(el: &scraper::node::Element) -> Vec<String> {
    let mut words = Vec::new();
    for attr in [el.attr("class"), el.attr("id")].into_iter().flatten() {
        for name in attr.split_whitespace() {
            let name = name.to_ascii_lowercase();
            for part in name.split(['-', '_']) {
                if !part.is_empty() && part != name {
                    words.push(part.to_string());
                }
            }
            words.push(name);
        }
    }
    words
}

fn is_widget(el: &scraper::node::Element, name: &str, in_article: bool) -> bool {
    if matches!(
        name,
        "nav" | "aside" | "form" | "menu" | "dialog" | "footer"
    ) || (name == "header" && !in_article)
    {
        return true;
    }
    if let Some(role) = el.attr("role") {
        if matches!(
            role.trim().to_ascii_lowercase().as_str(),
            "navigation"
                | "banner"
                | "contentinfo"
                | "complementary"
                | "search"
                | "menu"
                | "menubar"
                | "dialog"
        ) {
            return true;
        }
    }
    class_words(el)
        .iter()
        .any(|w| WIDGET_WORDS.binary_search(&w.as_str()).is_ok())
}

/// The score an element starts from: its tag, then ±25 for content-like or
/// furniture-like class and id words.
fn weight(el: &scraper::node::Element, name: &str) -> f32 {
    let mut w: f32 = match name {
        "div" => 5.0,
        "pre" | "td" | "blockquote" => 3.0,
        "address" | "ol" | "ul" | "dl" | "dd" | "dt" | "li" | "form" => -3.0,
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "th" => -5.0,
        _ => 0.0,
    };
    let words = class_words(el);
    let has = |list: &[&str]| words.iter().any(|w| list.contains(&w.as_str()));
    if has(CONTENT_WORDS) {
        w += 25.0;
    }
    if has(NEGATIVE_WORDS) || words.iter().any(|w| WIDGET_WORDS.contains(&w.as_str())) {
        w -= 25.0;
    }
    w
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kept(html: &str) -> Vec<(String, Role)> {
        let e = extract(html, false);
        e.blocks
            .iter()
            .map(|b| (e.text[b.range.clone()].to_string(), b.role))
            .collect()
    }

    #[test]
    fn element_lists_are_sorted() {
        for list in [WIDGET_WORDS, NEVER_TEXT, BLOCKS, NEEDS_END_TAG] {
            let mut sorted = list.to_vec();
            sorted.sort_unstable();
            assert_eq!(sorted, list);
        }
    }

    #[test]
    fn the_article_is_kept_and_the_site_left_out() {
        let body = "<p>Kremlin spokesman Dmitry Peskov said the talks, held in Ankara, were \
                    requested by the US side, according to the agency.</p>"
            .repeat(4);
        let html = format!(
            "<html><body><header><nav><ul><li><a href=/>Home</a></li><li><a href=/w>World</a>\
             </li></ul></nav></header><div class=breadcrumb><a href=/w>World</a></div>\
             <h1>Ankara hosts talks</h1><div class=article-body>{body}</div>\
             <div class=share><a href=#>Facebook</a></div>\
             <aside class=related><h3>Related</h3><ul><li><a href=/1>Other story</a></li></ul>\
             </aside><footer>© Site</footer><script>var x = '<p>not text</p>';</script>\
             </body></html>"
        );
        let blocks = kept(&html);
        let texts: Vec<&str> = blocks.iter().map(|(t, _)| t.as_str()).collect();
        assert_eq!(texts.len(), 6, "{texts:#?}");
        assert_eq!(blocks[0], ("World".into(), Role::Boilerplate));
        assert_eq!(blocks[1], ("Ankara hosts talks".into(), Role::Heading));
        assert!(blocks[2..].iter().all(|(_, r)| *r == Role::Paragraph));
        assert!(!texts
            .iter()
            .any(|t| t.contains("Home") || t.contains("not text")));
    }

    #[test]
    fn line_breaks_entities_and_white_space() {
        let e = extract(
            "<div class=content><p>One &amp; two,<br>three&nbsp;four\n   five</p>\
             <pre>a\n  b</pre></div>",
            true,
        );
        let texts: Vec<&str> = e.blocks.iter().map(|b| &e.text[b.range.clone()]).collect();
        assert_eq!(texts, ["One & two,\nthree\u{a0}four five", "a\nb"]);
    }

    #[test]
    fn element_paths_count_siblings_of_the_same_tag() {
        let e = extract("<body><p>a</p><div><p>b</p><p>c</p></div></body>", true);
        let paths: Vec<&str> = e
            .blocks
            .iter()
            .map(|b| b.element.as_deref().unwrap())
            .collect();
        assert_eq!(paths, ["body/p", "body/div/p", "body/div/p[2]"]);
    }

    #[test]
    fn deep_nesting_needs_no_recursion() {
        let html = format!(
            "{}<p>deep text</p>{}",
            "<div>".repeat(10_000),
            "</div>".repeat(10_000)
        );
        let e = extract(&html, false);
        assert_eq!(e.text, "deep text");
        assert!(e.blocks[0].element.as_deref().unwrap().starts_with("…/"));
    }
}
