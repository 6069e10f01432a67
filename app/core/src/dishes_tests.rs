//! Table tests of the day's menu checks: every rule refuses with a message
//! naming the dish and what to do, and a good menu comes back with tag ids.

use super::*;

fn dish(name: &str, tags: &[&str]) -> DishInput {
    DishInput {
        name_zh: name.into(),
        name_en: String::new(),
        tags: tags.iter().map(|t| (*t).into()).collect(),
        photo: None,
    }
}

#[test]
fn a_good_menu_keeps_its_order_and_names_tags_by_id() {
    let catalog = TagCatalog::shipped();
    let mut tofu = dish(" 清蒸豆腐 ", &["少油", "Soft", "soy"]);
    tofu.name_en = "Steamed tofu".into();
    tofu.photo = Some(b"\x89PNG\r\n\x1a\nrest".to_vec());
    let got = check_dishes(&[tofu, dish("白粥", &[])], &catalog).unwrap();
    assert_eq!(got[0].name_zh, "清蒸豆腐");
    assert_eq!(got[0].tags, ["low-oil", "soft", "soy"]);
    assert_eq!(
        got[0].photo_hex.as_deref(),
        Some("89504e470d0a1a0a72657374")
    );
    assert_eq!(got[0].name(true), "Steamed tofu");
    assert_eq!(got[1].name(true), "白粥");
    assert!(recheck(&got, &catalog).is_ok());
}

#[test]
fn every_problem_is_listed_with_its_dish() {
    let catalog = TagCatalog::shipped();
    let mut big = dish("红烧肉", &[]);
    big.photo = Some(vec![0xFF; MAX_PHOTO_BYTES + 1]);
    let mut text = dish("炒青菜", &[]);
    text.photo = Some(b"GIF89a".to_vec());
    let inputs = [
        dish("", &[]),
        dish("土豆丝", &["少油", "low-oil"]),
        dish("鱼", &["辣"]),
        dish("鸡蛋羹", &["少油", "少盐", "软食", "含蛋"]),
        big,
        text,
        dish("土豆丝", &[]),
        dish("一二三四五六七八九十一二三四五", &[]),
        dish("汤\u{7}", &[]),
    ];
    let problems = check_dishes(&inputs, &catalog).unwrap_err();
    assert_eq!(
        problems,
        vec![
            DishProblem::EmptyName { dish: 1 },
            DishProblem::DuplicateTag {
                dish: 2,
                tag: "low-oil".into()
            },
            DishProblem::UnknownTag {
                dish: 3,
                tag: "辣".into(),
                choices: catalog.choices()
            },
            DishProblem::TooManyTags { dish: 4, count: 4 },
            DishProblem::PhotoTooBig {
                dish: 5,
                bytes: MAX_PHOTO_BYTES + 1
            },
            DishProblem::PhotoNotImage { dish: 6 },
            DishProblem::DuplicateDish {
                dish: 7,
                name: "土豆丝".into()
            },
            DishProblem::NameTooLong {
                dish: 8,
                name: "一二三四五六七八九十一二三四五".into(),
                chars: 15
            },
            DishProblem::ControlCharacters { dish: 9 },
        ]
    );
    let text = problems_text(&problems);
    assert!(text.contains("dish 3: unknown tag `辣`; use one of: low-oil (少油 / Low oil)"));
    assert!(text.contains("dish 5: the photo is over 49152 bytes (49153 or more)"));
}

#[test]
fn an_empty_or_too_long_menu_is_refused() {
    let catalog = TagCatalog::shipped();
    assert_eq!(
        check_dishes(&[], &catalog).unwrap_err(),
        [DishProblem::NoDishes]
    );
    let many: Vec<DishInput> = (0..=MAX_DISHES)
        .map(|i| dish(&format!("菜{i}"), &[]))
        .collect();
    let problems = check_dishes(&many, &catalog).unwrap_err();
    assert_eq!(problems, [DishProblem::TooManyDishes { count: 21 }]);
    assert!(problems[0].to_string().contains("remove 1"));
}

#[test]
fn a_dish_altered_after_checking_fails_the_recheck() {
    let catalog = TagCatalog::shipped();
    let mut got = check_dishes(&[dish("白粥", &["soft"])], &catalog).unwrap();
    got[0].tags.push("bogus".into());
    assert!(recheck(&got, &catalog).is_err());
}
