//! Reply scripts and the draft checker on the example files of the fictional Zorya Bank
//! (examples/replies/), in Ukrainian, Russian, Belarusian and English.

use std::collections::HashMap;
use std::path::PathBuf;

use chrono::{TimeZone, Utc};
use otklik::replies::{
    DraftContext, FindingKind, ReplyErrorKind, ScriptBook, Severity, ToneChecker, detect_language,
    suggest_replies, x_length,
};
use otklik::rules::RuleSet;
use otklik::{Kind, Mention, Platform};

fn workspace(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join(path)
}

fn book() -> ScriptBook {
    ScriptBook::from_path(workspace("examples/replies/scripts.toml")).unwrap()
}

fn checker() -> ToneChecker {
    ToneChecker::from_path(workspace("examples/replies/tone.toml")).unwrap()
}

fn values(pairs: &[(&str, &str)]) -> HashMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

#[test]
fn scripts_are_chosen_by_tags_language_and_platform() {
    let book = book();
    let none = HashMap::new();
    let ids = |tags: &[&str], platform: Platform, lang: &str| -> Vec<String> {
        book.suggest(tags, &platform, lang, &none, 0)
            .into_iter()
            .map(|s| s.script)
            .collect()
    };
    // The tag combination beats the single tag; the fallback comes last.
    assert_eq!(
        ids(
            &["complaint", "blocking", "card"],
            Platform::Instagram,
            "uk"
        ),
        ["card-blocked-uk", "complaint-uk", "any-uk"]
    );
    // A platform-specific script comes before a general one with as many tags.
    assert_eq!(
        ids(&["complaint"], Platform::GooglePlay, "uk")[..2],
        ["review-uk", "complaint-uk"]
    );
    assert!(!ids(&["complaint"], Platform::Instagram, "uk").contains(&"review-uk".to_owned()));
    // Language: each its own; surzhyk answered in Ukrainian; Kazakh falls back to the default.
    assert_eq!(ids(&["complaint"], Platform::Vk, "ru")[0], "complaint-ru");
    assert_eq!(ids(&["question"], Platform::Vk, "be")[0], "question-be");
    assert_eq!(
        ids(&["question"], Platform::X, "en"),
        ["question-en", "any-en"]
    );
    assert_eq!(
        ids(&["complaint"], Platform::Facebook, "mixed")[0],
        "complaint-uk"
    );
    let kazakh = book.suggest(&["question"], &Platform::X, "kk", &none, 0);
    assert_eq!(
        (kazakh[0].script.as_str(), kazakh[0].lang.as_str()),
        ("question-uk", "uk")
    );
    // No tag at all: only the fallback.
    assert_eq!(ids(&[], Platform::Forum, "uk"), ["any-uk"]);
}

#[test]
fn placeholders_are_filled_or_reported_never_rendered() {
    let book = book();
    let partial = values(&[("name", "Олено"), ("eta", "до 18:00")]);
    let s = &book.suggest(&["complaint"], &Platform::Facebook, "uk", &partial, 0)[0];
    assert_eq!(s.script, "complaint-uk");
    assert_eq!(s.reply.text, None);
    assert_eq!(s.reply.missing, ["case_id"]);
    assert!(s.reply.preview.contains("[case_id]") && s.reply.preview.starts_with("Олено,"));
    let all = values(&[
        ("name", "Олено"),
        ("eta", "до 18:00"),
        ("case_id", "ZB-1042"),
    ]);
    let s = &book.suggest(&["complaint"], &Platform::Facebook, "uk", &all, 0)[0];
    let text = s.reply.text.as_deref().unwrap();
    assert!(text.contains("ZB-1042") && text.contains("до 18:00") && !text.contains('{'));
    // Variants rotate with the seed.
    let a = &book.suggest(&["complaint", "blocking"], &Platform::X, "uk", &all, 0)[0];
    let b = &book.suggest(&["complaint", "blocking"], &Platform::X, "uk", &all, 1)[0];
    assert_eq!((a.variants, a.variant, b.variant), (2, 0, 1));
    assert_ne!(a.reply.text, b.reply.text);
    assert!(a.private);
    // Every script of the example file fills completely with the four values.
    let full = values(&[
        ("name", "Ігоре"),
        ("eta", "завтра"),
        ("branch", "Хрещатик, 12"),
        ("case_id", "ZB-1"),
    ]);
    for script in book.scripts() {
        for v in &script.variants {
            assert!(
                v.fill(&full).text.is_some(),
                "{}: {}",
                script.id,
                v.source()
            );
        }
    }
}

#[test]
fn replies_for_tagged_mentions_in_their_language() {
    let rules = RuleSet::from_path(workspace("examples/rules/bank.toml")).unwrap();
    let book = book();
    let t0 = Utc.with_ymd_and_hms(2025, 10, 1, 9, 0, 0).unwrap();
    let name = values(&[("name", "Chris"), ("case_id", "ZB-7"), ("eta", "today")]);
    let mut m = Mention::new(
        "x-1",
        Platform::X,
        Kind::Post,
        "@zoryabank my card was charged twice, this is ridiculous",
        t0,
    );
    m.lang = None; // detected from the text
    let found = suggest_replies(&book, &m, &rules.tag(&m), &name);
    assert_eq!(found[0].lang, "en");
    assert!(found[0].script.ends_with("-en"), "{:?}", found[0].script);
    assert_eq!(detect_language("Дзякуй, у мяне ўсё атрымалася"), Some("be"));
}

#[test]
fn script_file_errors_name_the_place() {
    let cases = [
        (
            "[[script]]\nid = \"a\"\nlang = \"uk\"\nvariants = [\"x\"]\n[[script]]\nid = \"a\"\nlang = \"uk\"\nvariants = [\"y\"]\n",
            ReplyErrorKind::DuplicateId,
            6,
        ),
        (
            "[[script]]\nid = \"a\"\nlang = \"pl\"\nvariants = [\"x\"]\n",
            ReplyErrorKind::InvalidValue,
            3,
        ),
        (
            "[[script]]\nid = \"a\"\nlang = \"uk\"\nplatforms = [\"myspace\"]\nvariants = [\"x\"]\n",
            ReplyErrorKind::InvalidValue,
            4,
        ),
        (
            "[[script]]\nid = \"a\"\nlang = \"uk\"\nvariants = []\n",
            ReplyErrorKind::InvalidValue,
            4,
        ),
        (
            "[[script]]\nid = \"a\"\nlang = \"uk\"\nvariants = [\"ok\", \"Hi }\"]\n",
            ReplyErrorKind::Template,
            4,
        ),
        (
            "[[script]]\nid = \"a\"\nlang = \"uk\"\nvariant = [\"x\"]\n",
            ReplyErrorKind::Syntax,
            4,
        ),
    ];
    for (text, kind, line) in cases {
        let err = ScriptBook::from_toml(text).unwrap_err();
        assert_eq!(
            (err.kind(), err.line()),
            (kind, Some(line)),
            "{text}: {err}"
        );
    }
    let missing = ScriptBook::from_path("/nonexistent/scripts.toml").unwrap_err();
    assert_eq!(missing.kind(), ReplyErrorKind::Io);
    assert!(
        missing
            .to_string()
            .starts_with("/nonexistent/scripts.toml:")
    );
}

#[test]
fn tone_file_errors_name_the_rule() {
    let bad_query = "[[forbid]]\nid = \"x\"\nquery = '(unclosed'\nmessage = \"m\"\n";
    let err = ToneChecker::from_toml(bad_query).unwrap_err();
    assert_eq!(
        (err.kind(), err.item(), err.line()),
        (ReplyErrorKind::Query, Some("x"), Some(3))
    );
    assert!(std::error::Error::source(&err).is_some());
    let bad_severity =
        "[[forbid]]\nid = \"x\"\nquery = 'a'\nseverity = \"fatal\"\nmessage = \"m\"\n";
    assert_eq!(
        ToneChecker::from_toml(bad_severity).unwrap_err().kind(),
        ReplyErrorKind::Syntax
    );
    let dup = "[[forbid]]\nid = \"x\"\nquery = 'a'\nmessage = \"m\"\n[[require]]\nid = \"x\"\nquery = 'b'\nmessage = \"m\"\n";
    assert_eq!(
        ToneChecker::from_toml(dup).unwrap_err().kind(),
        ReplyErrorKind::DuplicateId
    );
    let limit = "[limits]\nmyspace = 10\n";
    assert_eq!(ToneChecker::from_toml(limit).unwrap_err().line(), Some(2));
}

fn kinds(check: &otklik::replies::DraftCheck) -> Vec<(&str, &str)> {
    check
        .findings
        .iter()
        .map(|f| (f.kind.as_str(), f.rule.as_str()))
        .collect()
}

#[test]
fn polite_complete_drafts_pass_in_every_language() {
    let checker = checker();
    let complaint = |p: Platform| DraftContext::new(p).with_tags(["complaint"]);
    let drafts = [
        "Олено, вітаємо! Перепрошуємо за незручності. Ми вже передали ваше звернення фахівцям і повернемося з відповіддю до 18:00.",
        "Елена, здравствуйте! Приносим извинения за неудобства. Напишите нам в личные сообщения, пожалуйста.",
        "Алена, вітаем! Просім прабачэння за нязручнасці. Напішыце нам у асабістыя паведамленні, калі ласка.",
        "Hi Chris, we're sorry about this. Please send us a direct message and we'll sort it out.",
        "Вітаємо! Перепрошуємо. Ніколи не повідомляйте нікому PIN, CVV чи код з СМС. Напишіть нам в особисті.",
    ];
    for draft in drafts {
        let check = checker.check(draft, &complaint(Platform::Instagram));
        assert!(check.passed(), "{draft}: {:?}", check.findings);
    }
    // The scripts of the example book pass the example tone, filled.
    let full = values(&[
        ("name", "Ігоре"),
        ("eta", "завтра"),
        ("branch", "Хрещатик, 12"),
        ("case_id", "ZB-1"),
    ]);
    for script in book().scripts() {
        let ctx = DraftContext::new(Platform::Facebook).with_tags(script.tags.clone());
        for v in &script.variants {
            let text = v.fill(&full).text.unwrap();
            let check = checker.check(&text, &ctx);
            assert!(check.passed(), "{}: {:?}", script.id, check.findings);
        }
    }
}

#[test]
fn every_finding_in_every_language() {
    let checker = checker();
    let ctx = DraftContext::new(Platform::Facebook).with_tags(["complaint"]);
    // Forbidden wording, with its span.
    for draft in [
        "Вітаємо! Перепрошуємо. Ваше звернення зареєстровано, напишіть нам.",
        "Здравствуйте! Извините. Ваше обращение зарегистрировано, напишите нам.",
        "Вітаем! Прабачце. Ваш зварот разгледзяць у парадку чаргі, напішыце нам.",
        "Hello! Sorry. Please be advised, send us a direct message.",
    ] {
        let check = checker.check(draft, &ctx);
        assert_eq!(kinds(&check), [("forbidden", "bureaucratic")], "{draft}");
        let span = check.findings[0].span.unwrap();
        assert!(span.end > span.start && draft.is_char_boundary(span.start));
    }
    let blame = checker.check(
        "Вітаємо! Перепрошуємо, але ви самі винні. Напишіть нам.",
        &ctx,
    );
    assert_eq!(blame.findings[0].severity, Severity::Error);
    // Missing elements: greeting always, apology for complaints, a next step for complaints
    // and questions.
    let bare = checker.check("Ок.", &ctx);
    assert_eq!(
        kinds(&bare),
        [
            ("missing", "greeting"),
            ("missing", "apology"),
            ("missing", "next_step")
        ]
    );
    // The apology, in each language's words: missing in each of these drafts.
    for draft in [
        "Вітаємо! Напишіть нам в особисті.",
        "Здравствуйте! Напишите нам в личные сообщения.",
        "Вітаем! Напішыце нам у асабістыя паведамленні.",
        "Hello! Please send us a direct message.",
    ] {
        assert_eq!(
            kinds(&checker.check(draft, &ctx)),
            [("missing", "apology")],
            "{draft}"
        );
    }
    let praise = DraftContext::new(Platform::Facebook).with_tags(["praise"]);
    assert_eq!(
        kinds(&checker.check("Дякуємо!", &praise)),
        [("missing", "greeting")]
    );
    // Personal data in a public reply: an error, with the advice; fine in a private chat.
    let pii =
        "Вітаємо! Перепрошуємо. Ваша картка 4111 1111 1111 1111 вже розблокована, напишіть нам.";
    let public = checker.check(pii, &ctx);
    assert_eq!(kinds(&public), [("personal_data", "pii:card")]);
    assert!(public.findings[0].message.contains("private"));
    for (draft, rule) in [
        (
            "Hello! Sorry. We called you on +380 67 123 45 67, please send us a direct message.",
            "pii:phone",
        ),
        (
            "Здравствуйте! Извините. Ответили на ivan.petrenko@ukr.net, напишите нам.",
            "pii:email",
        ),
        (
            "Вітаем! Прабачце. Ваш IBAN UA21 3223 1300 0002 6007 2335 6600 1 правільны, напішыце нам.",
            "pii:iban",
        ),
    ] {
        assert_eq!(
            kinds(&checker.check(draft, &ctx)),
            [("personal_data", rule)],
            "{draft}"
        );
    }
    let private = DraftContext::new(Platform::TelegramBot).with_tags(["complaint"]);
    assert!(checker.check(pii, &private).passed());
    // A request for secrets: an error in any channel and language.
    for draft in [
        "Вітаємо! Перепрошуємо. Напишіть, будь ласка, CVV-код з картки.",
        "Здравствуйте! Извините. Продиктуйте код из СМС оператору.",
        "Вітаем! Прабачце. Дашліце код з СМС у асабістыя.",
        "Hello! Sorry. Please send us your PIN and we'll get back to you.",
        "Вітаємо! Перепрошуємо. Надішліть повний номер картки в особисті.",
    ] {
        for context in [&ctx, &private] {
            let check = checker.check(draft, context);
            assert!(check.has_errors(), "{draft}");
            assert_eq!(
                check.findings[0].kind,
                FindingKind::SecretRequest,
                "{draft}"
            );
        }
    }
}

#[test]
fn length_as_each_platform_counts_it() {
    let checker = checker();
    let x = DraftContext::new(Platform::X);
    // 250 Cyrillic letters + a long URL (23) + 4 emoji (8) = 281 > 280.
    let text = format!(
        "Вітаємо! Перепрошуємо, напишіть нам. {} https://zoryabank.ua/help/cards/blocked?utm_source=x&utm_campaign=care 👍🏽👩‍💻🇺🇦🙏",
        "а".repeat(250 - 37)
    );
    assert_eq!(x_length(&text), 250 + 1 + 23 + 1 + 8);
    let check = checker.check(&text, &x);
    assert_eq!(check.length, 283);
    assert_eq!(kinds(&check), [("too_long", "length")]);
    // The same text is fine on Facebook, and far too long for Google Play's 350 only if longer.
    assert!(
        checker
            .check(&text, &DraftContext::new(Platform::Facebook))
            .passed()
    );
    let long = format!("Вітаємо! Перепрошуємо, напишіть нам. {}", "б".repeat(330));
    let gp = checker.check(&long, &DraftContext::new(Platform::GooglePlay));
    assert_eq!(kinds(&gp), [("too_long", "length")]);
    // The tone file lowers the bot's limit to 1,000.
    let bot = checker.check(&"в".repeat(1001), &DraftContext::new(Platform::TelegramBot));
    assert!(kinds(&bot).contains(&("too_long", "length")));
}

#[test]
fn move_to_private_signal_from_tags_and_personal_data_reaches_the_clock() {
    use otklik::sla::{ClockBuilder, GroupBy, Metric, Policy, Report, ReportItem, Target};
    let rules = RuleSet::from_toml(
        "[[tag]]\nid = \"blocking\"\ncategory = \"process\"\nquery = 'заблок*'\nneeds_reply = true\nprivate = true\n\
         [[tag]]\nid = \"question\"\ncategory = \"type\"\nquery = '/\\?/'\nneeds_reply = true\n",
    )
    .unwrap();
    let t0 = Utc.with_ymd_and_hms(2025, 10, 1, 9, 0, 0).unwrap();
    let public =
        |id: &str, text: &str| Mention::new(id, Platform::Instagram, Kind::Comment, text, t0);
    assert!(
        rules
            .tag(&public("1", "Картку заблокували!"))
            .move_to_private
    );
    assert!(
        rules
            .tag(&public(
                "2",
                "Чому не приходить переказ на 4111 1111 1111 1111?"
            ))
            .move_to_private
    );
    assert!(
        !rules
            .tag(&public("3", "Коли відкриється відділення?"))
            .move_to_private
    );
    let chat = Mention::new(
        "4",
        Platform::TelegramBot,
        Kind::Message,
        "Переказ на 4111 1111 1111 1111?",
        t0,
    );
    assert!(
        !rules.tag(&chat).move_to_private,
        "a private chat needs no move"
    );
    assert!(rules.tag_text("Картку заблокували").move_to_private);

    // The clock records the move with the bank's first reply; the report counts it.
    let policy = Policy::new(vec![Target::new(
        "c",
        Metric::FirstReply,
        chrono::TimeDelta::minutes(10),
    )])
    .unwrap();
    let mut builder = ClockBuilder::new();
    for (id, text) in [
        ("1", "Картку заблокували!"),
        ("3", "Коли відкриється відділення?"),
    ] {
        let m = public(id, text);
        builder.push(&m, Some(&rules.tag(&m)));
        let mut reply = Mention::new(
            format!("r{id}"),
            Platform::Instagram,
            Kind::Reply,
            "Напишіть нам",
            t0 + chrono::TimeDelta::minutes(3),
        );
        reply.parent_id = Some(id.to_owned());
        reply.author_is_brand = true;
        builder.push(&reply, None);
    }
    let clocks: Vec<_> = builder.finish(&policy).collect::<Result<_, _>>().unwrap();
    let moved: Vec<bool> = clocks
        .iter()
        .map(|c| c.clock.moved_to_private_at().is_some())
        .collect();
    assert_eq!(moved, [true, false]);
    let now = t0 + chrono::TimeDelta::hours(1);
    let items: Vec<ReportItem> = clocks
        .iter()
        .flat_map(|c| {
            let status = c.clock.status(now).unwrap().first_reply.unwrap();
            ReportItem::from_status(&c.conversation.key, &status, &c.subject, None)
                .map(|i| i.moved_to_private(c.clock.moved_to_private_at().is_some()))
        })
        .collect();
    let report = Report::build(
        &items,
        &[GroupBy::Platform],
        Default::default(),
        Default::default(),
    );
    assert_eq!(
        (
            report.total.count,
            report.total.moved_to_private,
            report.total.met
        ),
        (2, 1, 2)
    );
}

#[test]
fn ids_with_spaces_are_refused_and_template_errors_in_long_strings_point_at_the_string() {
    let tone = "[[forbid]]\nid = \"x \"\nquery = 'a'\nmessage = \"m\"\n";
    let err = ToneChecker::from_toml(tone).unwrap_err();
    assert_eq!(
        (err.kind(), err.line()),
        (ReplyErrorKind::InvalidValue, Some(2))
    );
    let script = "[[script]]\nid = \" a\"\nlang = \"uk\"\nvariants = [\"x\"]\n";
    assert_eq!(
        ScriptBook::from_toml(script).unwrap_err().kind(),
        ReplyErrorKind::InvalidValue
    );
    let long = "[[script]]\nid = \"a\"\nlang = \"uk\"\nvariants = [\"\"\"{oops\"\"\"]\n";
    let err = ScriptBook::from_toml(long).unwrap_err();
    assert_eq!(
        (err.kind(), err.line(), err.column()),
        (ReplyErrorKind::Template, Some(4), Some(13)) // where the string starts
    );
}
