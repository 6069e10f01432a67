//! The shipped defaults: exact values later tests and canteens rely on, priced
//! through the real rules — one table row per rule of the issue.

mod support;

use canteen_config::Config;
use canteen_core::{AgeConvention, Diner, Money, PriceRequest};
use chrono::FixedOffset;
use support::{at, check_prices};

fn resident(age: u32, cats: &[&str]) -> Diner {
    Diner::Resident {
        age: Some(age),
        categories: cats.iter().map(|c| (*c).to_owned()).collect(),
    }
}

#[test]
fn identity_and_conventions() {
    let c = Config::defaults();
    assert_eq!(c.canteen.timezone, FixedOffset::east_opt(8 * 3600).unwrap());
    assert_eq!(c.canteen.age_convention, AgeConvention::Birthday);
    assert_eq!(c.pricing.quota_per_period, 1);
}

#[test]
fn the_counter_rules() {
    let c = Config::defaults().cashier;
    assert_eq!(
        (
            c.lock_minutes,
            c.shift_difference_limit,
            c.cashier_idle_seconds
        ),
        (15, Money::from_yuan(5), 120)
    );
}

#[test]
fn periods_are_exact() {
    let c = Config::defaults();
    let got: Vec<(String, String, String)> = c
        .pricing
        .periods
        .all()
        .iter()
        .map(|p| {
            (
                p.id.to_string(),
                p.start.format("%H:%M").to_string(),
                p.end.format("%H:%M").to_string(),
            )
        })
        .collect();
    let want = [
        ("breakfast", "06:30", "09:00"),
        ("lunch", "11:00", "13:30"),
        ("dinner", "17:00", "19:30"),
    ];
    assert_eq!(
        got,
        want.map(|(a, b, c)| (a.to_owned(), b.to_owned(), c.to_owned()))
    );
}

#[test]
fn items_and_market_prices_are_exact() {
    let c = Config::defaults();
    let want = [
        ("breakfast-set", "早餐", 600, vec!["breakfast"], true),
        ("lunch-set", "午餐套餐", 1500, vec!["lunch"], true),
        ("dinner-set", "晚餐套餐", 1500, vec!["dinner"], true),
        ("soup", "例汤", 300, vec![], false),
        ("haircut", "理发", 1000, vec![], false),
    ];
    assert_eq!(c.pricing.items.len(), want.len());
    for (id, name, market, periods, subsidised) in want {
        let item = c.pricing.item(id).unwrap_or_else(|| panic!("{id} missing"));
        assert_eq!(item.name_zh, name);
        assert_eq!(item.market, Money::from_fen(market), "{id}");
        assert_eq!(
            item.periods.iter().map(|p| p.as_str()).collect::<Vec<_>>(),
            periods,
            "{id}"
        );
        assert_eq!(item.subsidised, subsidised, "{id}");
    }
}

#[test]
fn the_default_price_table() {
    check_prices(
        &Config::defaults().pricing,
        "defaults",
        "
        # item         time   diner      staff  used  fen   tier   categories
        lunch-set      12:00  92         -      0     0     age90  -
        lunch-set      12:00  90         -      0     0     age90  -
        lunch-set      12:00  85         -      0     1000  age80  -
        lunch-set      12:00  65         -      0     1200  age60  -
        lunch-set      12:00  59         -      0     1500  -      -
        lunch-set      12:00  65+dibao   -      0     1152  age60  dibao
        lunch-set      12:00  85+dibao   -      0     960   age80  dibao
        lunch-set      12:00  55+dibao   -      0     1500  -      -
        lunch-set      12:00  92         -      1     1500  -      -
        lunch-set      12:00  anon       child  0     900   child  -
        lunch-set      12:00  anon       -      0     1500  -      -
        lunch-set      12:00  companion  -      0     1500  -      -
        dinner-set     18:00  81         -      0     1000  age80  -
        dinner-set     18:00  70+dibao   -      0     1152  age60  dibao
        breakfast-set  07:00  95         -      0     0     age90  -
        breakfast-set  07:00  85         -      0     300   age80  -
        breakfast-set  07:00  65         -      0     400   age60  -
        breakfast-set  07:00  65+dibao   -      0     384   age60  dibao
        breakfast-set  07:00  anon       child  0     300   child  -
        breakfast-set  07:00  40         -      0     600   -      -
        soup           12:00  95+dibao   -      0     300   -      -
        haircut        15:00  95         -      0     1000  -      -
        ",
    );
}

#[test]
fn main_meals_are_sold_only_in_their_period() {
    let c = Config::defaults();
    let diner = resident(70, &[]);
    for (item, ok, outside) in [
        ("breakfast-set", at(6, 30), at(9, 0)),
        ("lunch-set", at(11, 0), at(13, 30)),
        ("dinner-set", at(19, 29), at(16, 59)),
    ] {
        let req = |at| PriceRequest {
            at,
            diner: &diner,
            used_in_period: 0,
            tier_override: None,
        };
        assert!(c.pricing.price(item, &req(ok)).is_ok(), "{item} at {ok}");
        assert_eq!(
            c.pricing.price(item, &req(outside)).unwrap_err().code(),
            "outside_period",
            "{item} at {outside}"
        );
    }
}
