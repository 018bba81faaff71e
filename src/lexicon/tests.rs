use super::*;
use crate::model::Lang;

fn builtin() -> &'static Lexicon {
    Lexicon::builtin()
}

fn form(word: &str) -> Option<String> {
    builtin().arabic_form(word)
}

fn normalized(s: &str) -> String {
    normalize_arabic(s).text
}

#[test]
fn the_builtin_file_reads_without_a_problem() {
    let lexicon = parse_str(BUILTIN_TSV, Path::new(BUILTIN_NAME)).unwrap();
    assert!(lexicon.len() >= 5_000, "{}", lexicon.len());
    assert_eq!(builtin().len(), lexicon.len());
}

/// Real forms of news text and the listed word each must be read as.
#[test]
fn arabic_forms_meet_their_listed_word() {
    let table = [
        ("وبالرئيس", "رئيس"),
        ("لمجلسها", "مجلس"),
        ("فسيقولون", "يقول"),
        ("الوزيرات", "وزير"),
        ("والحكومة", "حكومة"),
        ("حكومتها", "حكومة"),
        ("للجنة", "لجنة"),
        ("ولجانها", "لجان"),
        ("قالوا", "قال"),
        ("وقالت", "قال"),
        ("تقول", "يقول"),
        ("بالأمن", "أمن"),
        ("وزرائها", "وزراء"),
        ("الرئيسُ", "رئيس"),
        ("الرئيـــس", "رئيس"),
        ("ٱلحكومة", "حكومة"),
    ];
    for (text, listed) in table {
        assert_eq!(form(text), Some(normalized(listed)), "{text}");
    }
}

/// Forms a stemmer that strips whatever it can would merge with another word.
#[test]
fn words_a_translator_keeps_apart_stay_apart() {
    // Listed as themselves: their stripped stems are other words.
    for word in ["عشرين", "سلام", "لجنة", "الأحد"] {
        assert_eq!(form(word), Some(normalized(word)), "{word}");
    }
    // ل + لجنة (to the committee), not ل + ال + جنة (to paradise).
    assert_ne!(form("للجنة"), Some(normalized("جنة")));
    // Short words are not taken apart: بين is not ب + ين.
    assert_ne!(form("بين").as_deref(), Some("ين"));
    // A word the lexicon does not know stays unknown rather than becoming a known one.
    assert_eq!(form("وقواقع"), None);
}

#[test]
fn arabic_words_offer_their_renderings() {
    let r = builtin().arabic_renderings("وبالرئيس");
    assert!(r.contains(&"president"), "{r:?}");
    let r = builtin().arabic_renderings("فسيقولون");
    assert!(r.contains(&"say"), "{r:?}");
}

#[test]
fn english_words_fold_to_listed_lemmas_only() {
    let lex = builtin();
    for (word, lemma) in [
        ("said", "say"),
        ("Ministers", "minister"),
        ("presidents", "president"),
        ("countries", "country"),
        ("committee's", "committee"),
        ("talks", "talk"),
        ("held", "hold"),
        ("announced", "announce"),
    ] {
        assert_eq!(lex.english_lemma(word), lemma, "{word}");
    }
    // Listed words are not stripped into other listed words.
    assert_eq!(lex.english_lemma("news"), "news");
    assert_eq!(lex.english_lemma("only"), "only");
}

fn renderings(lex: &Lexicon, text: &str, lang: &str) -> Vec<String> {
    let mut ids = Vec::new();
    Reader::new(lex).renderings(text, &Lang::new(lang), &mut ids);
    ids.iter()
        .map(|&id| lex.rendering(id).unwrap().to_string())
        .collect()
}

#[test]
fn multi_word_forms_match_as_sequences_longest_first() {
    let lex = builtin();
    let ar = renderings(lex, "في كانون الثاني الماضي", "ar");
    assert!(ar.contains(&"january".to_string()), "{ar:?}");
    // الثاني inside the month name is not also "second".
    assert!(!ar.contains(&"second".to_string()), "{ar:?}");
    let en = renderings(lex, "last January", "en");
    assert!(en.contains(&"january".to_string()), "{en:?}");
}

#[test]
fn a_sentence_and_its_translation_share_renderings() {
    let lex = builtin();
    let ar = renderings(lex, "وأعلنت الحكومة أن الوزراء سيجتمعون غدا", "ar");
    let en = renderings(
        lex,
        "The government announced that ministers would meet tomorrow",
        "en",
    );
    let shared: Vec<&String> = en.iter().filter(|r| ar.contains(r)).collect();
    for want in ["government", "announce", "minister", "tomorrow"] {
        assert!(shared.iter().any(|r| *r == want), "{want}: {ar:?} / {en:?}");
    }
}

#[test]
fn other_languages_offer_no_renderings() {
    assert!(renderings(builtin(), "Die Regierung sagte", "de").is_empty());
    assert!(Lexicon::applies(&Lang::arabic(), &Lang::english()));
    assert!(Lexicon::applies(&Lang::new("en-GB"), &Lang::new("ar-EG")));
    assert!(!Lexicon::applies(&Lang::new("de"), &Lang::new("fr")));
}

fn parse(text: &str) -> crate::Error {
    parse_str(text, Path::new("user.tsv")).unwrap_err()
}

#[test]
fn reader_errors_name_file_line_and_column_and_say_what_to_do() {
    let e = parse("# comment\n\nen\tpos\nminister\tn\n");
    assert_eq!((e.line, e.column), (Some(3), Some(1)));
    assert!(e.to_string().starts_with("user.tsv:3:1: "), "{e}");
    assert!(e.to_string().contains("no `ar` column"), "{e}");

    let e = parse("ar\ten\tpos\nوزير\tminister\tn\textra\n");
    assert_eq!((e.line, e.column), (Some(2), Some(17)));
    assert!(e.to_string().contains("`|`"), "{e}");

    let e = parse("ar\ten\nminister\tوزير\n");
    assert_eq!((e.line, e.column), (Some(2), Some(1)));
    assert!(e.to_string().contains("swapped"), "{e}");

    let e = parse("ar\ten\tpos\nوزير\tminister\tnoun\n");
    assert_eq!((e.line, e.column), (Some(2), Some(15)));
    assert!(e.to_string().contains("adj"), "{e}");

    let e = parse("ar\ten\nوزير||وزراء\tminister\n");
    assert_eq!((e.line, e.column), (Some(2), Some(1)));

    let e = parse("ar\ten\tpos\nوزير\tminister\tn\nسفير\tambassador\tn\nوزير\tminister\tn\n");
    assert_eq!(e.line, Some(4));
    assert!(e.to_string().contains("repeats line 2"), "{e}");

    let e = parse("ar\tenglish\n");
    assert_eq!((e.line, e.column), (Some(1), Some(4)));
    assert!(e.to_string().contains("unknown column `english`"), "{e}");

    let e = parse("# only comments\n");
    assert!(e.to_string().contains("no header row"), "{e}");

    let e = parse("ar\ten\nوزير\t\n");
    assert_eq!((e.line, e.column), (Some(2), Some(6)));
}

#[test]
fn a_second_sense_is_not_a_repeat_and_user_rows_add_to_the_builtin() {
    let user = parse_str(
        "ar\ten\tpos\nعلق\tcomment\tv\nعلق\tsuspend\tv\nقرقيعان\tgirgian\tn\n",
        Path::new("user.tsv"),
    )
    .unwrap();
    assert_eq!(user.len(), 3);
    let mut lex = builtin().clone();
    let before = lex.len();
    lex.merge(user);
    assert!(lex.len() > before);
    assert!(lex.arabic_renderings("والقرقيعان").contains(&"girgian"));
}

/// The sample article's sentences (not tuning data: the sample is part of the repository).
fn sample(side: &str) -> Vec<String> {
    let path = format!(
        "{}/samples/ankara-2022-11-14/{side}.sent",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect()
}

#[test]
fn the_first_listed_candidate_is_the_first_of_all_candidates_that_is_listed() {
    let index = &builtin().index;
    let mut checked = 0;
    for line in sample("ar") {
        for word in normalized(&line).split(|c: char| !is_arabic_letter(c)) {
            // Each word as written and behind a chain of proclitics, listed or not.
            for word in [
                word.to_string(),
                format!("وبال{word}"),
                format!("ف{word}ها"),
            ] {
                let all = stem::arabic_candidates(&word);
                let want = all.iter().find(|c| index.arabic.contains(c));
                let got = stem::first_listed_arabic(&word, |c| {
                    index.arabic.contains(c).then(|| c.to_string())
                });
                assert_eq!(got.as_ref(), want, "{word}: {all:?}");
                checked += usize::from(got.is_some());
            }
        }
    }
    assert!(checked > 100, "only {checked} listed words in the sample");
}

#[test]
fn a_reader_remembering_earlier_sentences_reads_each_as_a_new_reader_does() {
    let lex = builtin();
    for (side, lang) in [("ar", Lang::arabic()), ("en", Lang::english())] {
        let lines = sample(side);
        let mut shared = Reader::new(lex);
        // Read twice, so the second pass meets every word remembered.
        for line in lines.iter().chain(&lines) {
            let (mut remembered, mut fresh) = (Vec::new(), Vec::new());
            shared.renderings(line, &lang, &mut remembered);
            Reader::new(lex).renderings(line, &lang, &mut fresh);
            assert_eq!(remembered, fresh, "{line}");
        }
    }
}
