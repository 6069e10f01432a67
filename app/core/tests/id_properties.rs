//! Property tests of resident ID validation: the check character catches every
//! single-character substitution and every adjacent transposition, and a legacy
//! 15-digit number means the same birth date as its upgrade.

use canteen_core::resident_id::check_char;
use canteen_core::{IdKind, ResidentId};
use chrono::{Days, NaiveDate};
use proptest::prelude::*;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

/// A valid 18-character citizen number: any region, a birth date 1900–today, any sequence.
fn valid_id() -> impl Strategy<Value = String> {
    let days = (today() - NaiveDate::from_ymd_opt(1900, 1, 1).unwrap()).num_days() as u64;
    (100_000u32..=799_999, 0..=days, 0u32..1000).prop_map(|(region, day, seq)| {
        let birth = NaiveDate::from_ymd_opt(1900, 1, 1).unwrap() + Days::new(day);
        let first17 = format!("{region:06}{}{seq:03}", birth.format("%Y%m%d"));
        let b: [u8; 17] = first17.as_bytes().try_into().unwrap();
        format!("{first17}{}", check_char(&b) as char)
    })
}

const ALPHABET: &[u8] = b"0123456789X";

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn generated_numbers_are_valid(id in valid_id()) {
        prop_assert!(ResidentId::parse(&id, today()).is_ok());
    }

    #[test]
    fn every_single_substitution_is_rejected(id in valid_id()) {
        let bytes = id.as_bytes();
        for pos in 0..18 {
            for &c in ALPHABET {
                if c == bytes[pos] { continue; }
                let mut changed = bytes.to_vec();
                changed[pos] = c;
                let s = String::from_utf8(changed).unwrap();
                prop_assert!(ResidentId::parse(&s, today()).is_err(), "substitution at {} accepted", pos);
            }
        }
    }

    #[test]
    fn every_adjacent_transposition_is_rejected(id in valid_id()) {
        let bytes = id.as_bytes();
        for pos in 0..17 {
            if bytes[pos] == bytes[pos + 1] { continue; }
            let mut changed = bytes.to_vec();
            changed.swap(pos, pos + 1);
            let s = String::from_utf8(changed).unwrap();
            prop_assert!(ResidentId::parse(&s, today()).is_err(), "transposition at {} accepted", pos);
        }
    }

    #[test]
    fn fifteen_digits_and_their_upgrade_share_the_birth_date(
        region in 100_000u32..=799_999,
        day in 0u64..36_524,
        seq in 0u32..1000,
    ) {
        let birth = NaiveDate::from_ymd_opt(1900, 1, 1).unwrap() + Days::new(day);
        let old = format!("{region:06}{}{seq:03}", birth.format("%y%m%d"));
        let parsed = ResidentId::parse(&old, today()).unwrap();
        prop_assert_eq!(parsed.kind(), IdKind::Citizen15);
        prop_assert_eq!(parsed.birth_date(), Some(birth));
        let upgraded = ResidentId::parse(parsed.expose(), today()).unwrap();
        prop_assert_eq!(upgraded.kind(), IdKind::Citizen);
        prop_assert_eq!(upgraded.birth_date(), parsed.birth_date());
        prop_assert_eq!(upgraded.sex(), parsed.sex());
    }

    #[test]
    fn arbitrary_strings_never_panic(s in "\\PC{0,40}") {
        let _ = ResidentId::parse(&s, today());
    }
}
