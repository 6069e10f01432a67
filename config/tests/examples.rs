//! The example configurations in `config/examples/`: each loads as a
//! configuration directory and prices every tier and category as written by
//! hand here, including 低保 at 96% of a market-priced tier.

mod support;

use std::path::PathBuf;

use canteen_config::Config;
use support::check_prices;

fn example(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("examples")
        .join(name)
}

fn load(name: &str) -> Config {
    Config::load(Some(&example(name))).unwrap_or_else(|e| panic!("{name}: {e}"))
}

#[test]
fn the_age_tier_canteen_prices_every_tier_and_category() {
    let c = load("age-tiers");
    assert_eq!(
        c.pricing,
        Config::defaults().pricing,
        "same as the defaults"
    );
    for (item, time) in [("lunch-set", "12:00"), ("dinner-set", "18:00")] {
        check_prices(
            &c.pricing,
            "age-tiers",
            &format!(
                "
                # item  time    diner     staff  used  fen   tier   categories
                {item}  {time}  95        -      0     0     age90  -
                {item}  {time}  95+dibao  -      0     0     age90  -
                {item}  {time}  85        -      0     1000  age80  -
                {item}  {time}  85+dibao  -      0     960   age80  dibao
                {item}  {time}  65        -      0     1200  age60  -
                {item}  {time}  65+dibao  -      0     1152  age60  dibao
                {item}  {time}  59+dibao  -      0     1500  -      -
                {item}  {time}  30        -      0     1500  -      -
                {item}  {time}  ?+dibao   -      0     1500  -      -
                {item}  {time}  anon      child  0     900   child  -
                {item}  {time}  anon      -      0     1500  -      -
                {item}  {time}  companion -      0     1500  -      -
                {item}  {time}  65+dibao  -      1     1500  -      -
                "
            ),
        );
    }
    check_prices(
        &c.pricing,
        "age-tiers",
        "
        # item         time   diner     staff  used  fen   tier   categories
        breakfast-set  07:00  95        -      0     0     age90  -
        breakfast-set  07:00  85        -      0     300   age80  -
        breakfast-set  07:00  85+dibao  -      0     288   age80  dibao
        breakfast-set  07:00  65        -      0     400   age60  -
        breakfast-set  07:00  65+dibao  -      0     384   age60  dibao
        breakfast-set  07:00  30        -      0     600   -      -
        breakfast-set  07:00  anon      child  0     300   child  -
        soup           12:00  95+dibao  -      0     300   -      -
        haircut        15:00  65+dibao  -      0     1000  -      -
        ",
    );
}

/// The reported case: the 60–79 lunch price set to the market price ¥15.00;
/// a 65-year-old 低保 diner pays 96% of it, ¥14.40.
#[test]
fn dibao_pays_96_percent_of_a_market_priced_tier() {
    let dir = example("age-tiers");
    let menu = std::fs::read_to_string(dir.join("menu.toml")).unwrap();
    let pricing = std::fs::read_to_string(dir.join("pricing.toml")).unwrap();
    let lunch_at_market = menu.replacen(r#"age60 = "12.00""#, r#"age60 = "15.00""#, 1);
    assert_ne!(menu, lunch_at_market);
    let c =
        Config::from_texts(&[("menu.toml", &lunch_at_market), ("pricing.toml", &pricing)]).unwrap();
    check_prices(
        &c.pricing,
        "age-tiers, lunch 60–79 at ¥15.00",
        "
        # item      time   diner     staff  used  fen   tier   categories
        lunch-set   12:00  65+dibao  -      0     1440  -      dibao
        lunch-set   12:00  65        -      0     1500  -      -
        lunch-set   12:00  65+dibao  -      1     1500  -      -
        lunch-set   12:00  85+dibao  -      0     960   age80  dibao
        # Dinner keeps its ¥12.00.
        dinner-set  18:00  65+dibao  -      0     1152  age60  dibao
        ",
    );
}

#[test]
fn the_flat_13_canteen_gives_only_dibao_60_plus_96_percent() {
    let c = load("flat-13");
    assert!(c.pricing.tiers.is_empty());
    for (item, time) in [("lunch-set", "12:00"), ("dinner-set", "18:00")] {
        check_prices(
            &c.pricing,
            "flat-13",
            &format!(
                "
                # item  time    diner     staff  used  fen   tier   categories
                {item}  {time}  65+dibao  -      0     1248  -      dibao
                {item}  {time}  60+dibao  -      0     1248  -      dibao
                {item}  {time}  95+dibao  -      0     1248  -      dibao
                {item}  {time}  59+dibao  -      0     1300  -      -
                {item}  {time}  65        -      0     1300  -      -
                {item}  {time}  95        -      0     1300  -      -
                {item}  {time}  ?+dibao   -      0     1300  -      -
                {item}  {time}  anon      -      0     1300  -      -
                {item}  {time}  companion -      0     1300  -      -
                {item}  {time}  65+dibao  -      1     1300  -      -
                "
            ),
        );
    }
    assert_eq!(c.canteen.id, "flat-13-canteen");
}

#[test]
fn the_one_meal_canteen_is_free_from_90() {
    let c = load("one-meal-90-free");
    let items: Vec<&str> = c.pricing.items.iter().map(|i| i.id.as_str()).collect();
    assert_eq!(items, ["meal"]);
    check_prices(
        &c.pricing,
        "one-meal-90-free",
        "
        # item  time   diner      staff  used  fen   tier   categories
        meal    12:00  95         -      0     0     age90  -
        meal    12:00  90         -      0     0     age90  -
        # An unknown category is ignored.
        meal    12:00  90+dibao   -      0     0     age90  -
        meal    12:00  89         -      0     1000  -      -
        meal    12:00  65+dibao   -      0     1000  -      -
        meal    12:00  ?          -      0     1000  -      -
        meal    12:00  anon       -      0     1000  -      -
        meal    12:00  companion  -      0     1000  -      -
        meal    12:00  95         -      1     1000  -      -
        ",
    );
}
