//! What the kiosk says aloud for the screen it shows: a pure function of the
//! session's stage, the welcome screen's state and the language, so it is
//! tested without a synthesiser (the kiosk hands the text to
//! `canteen-voice`). It says the age and the amount to pay on the priced
//! screen ("八十五岁。本餐十元。"), success and "请取餐" on done, each error's
//! title and advice from [`crate::messages`] (the error screen's own words),
//! and a reminder when a diner leaves a screen untouched. It never says a
//! name or an ID number: the diner's label and ID are not read here.

use canteen_core::Money;
use canteen_core::session::{CardNotice, ErrorKind, Order, PayMethod, Stage};
use chrono::NaiveDateTime;

use crate::lang::Lang;
use crate::messages::{error_advice, error_title};
use crate::settings::KioskSettings;

/// The welcome screen's state beside the session's stage.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Welcome {
    pub scanner_ok: bool,
    pub now: NaiveDateTime,
}

const DIGITS: [char; 10] = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/// A number below 10 000 in Chinese words (十, 十五, 一百零五, 一千零一十).
fn below_10000(n: u64) -> String {
    if n == 0 {
        return "零".into();
    }
    let places = [(1000, '千'), (100, '百'), (10, '十'), (1, ' ')];
    let mut out = String::new();
    let mut zero = false;
    for (value, unit) in places {
        let d = (n / value % 10) as usize;
        if d == 0 {
            zero = !out.is_empty();
            continue;
        }
        if zero {
            out.push('零');
            zero = false;
        }
        // 十五, not 一十五, at the front.
        if !(value == 10 && d == 1 && out.is_empty()) {
            out.push(DIGITS[d]);
        }
        if unit != ' ' {
            out.push(unit);
        }
    }
    out
}

/// A whole number in Chinese words, up to 99 999 999 (万 groups).
pub fn number_words(n: u64) -> String {
    let n = n.min(99_999_999);
    let (high, low) = (n / 10_000, n % 10_000);
    if high == 0 {
        return below_10000(low);
    }
    let mut out = below_10000(high);
    out.push('万');
    if low > 0 {
        if low < 1000 {
            out.push('零');
        }
        let words = below_10000(low);
        // 一万零十五 reads 一万零一十五.
        if (10..100).contains(&low) && !words.starts_with('一') {
            out.push('一');
        }
        out.push_str(&words);
    }
    out
}

/// An amount in Chinese words: 十元, 十二元五角, 十一元五角二分, 十二元零五分,
/// 五角 (免费 is the caller's word for nothing to pay).
pub fn yuan_words(m: Money) -> String {
    let fen = m.fen().unsigned_abs();
    let (yuan, jiao, fen) = (fen / 100, fen / 10 % 10, fen % 10);
    let mut out = String::new();
    if yuan > 0 {
        out.push_str(&number_words(yuan));
        out.push('元');
    }
    if jiao > 0 {
        out.push(DIGITS[jiao as usize]);
        out.push('角');
    }
    if fen > 0 {
        if yuan > 0 && jiao == 0 {
            out.push('零');
        }
        out.push(DIGITS[fen as usize]);
        out.push('分');
    }
    if out.is_empty() {
        out.push_str("零元");
    }
    out
}

/// An amount in English words for the synthesiser: "10 yuan", "12 yuan 50".
pub fn yuan_english(m: Money) -> String {
    let fen = m.fen().unsigned_abs();
    match (fen / 100, fen % 100) {
        (y, 0) => format!("{y} yuan"),
        (0, f) => format!("{f} fen"),
        (y, f) => format!("{y} yuan {f:02}"),
    }
}

fn amount(m: Money, lang: Lang) -> String {
    match lang {
        Lang::Zh => yuan_words(m),
        Lang::En => yuan_english(m),
    }
}

/// What the kiosk says when `stage` (and, on the welcome screen, `welcome`)
/// comes on screen; `None` says nothing (the short "committing" screen).
pub fn say(
    settings: &KioskSettings,
    lang: Lang,
    stage: &Stage,
    welcome: Welcome,
) -> Option<String> {
    let zh = lang == Lang::Zh;
    Some(match stage {
        Stage::Welcome => say_welcome(settings, lang, welcome),
        Stage::Priced(order) => say_priced(settings, lang, order),
        Stage::Paying(order) => {
            let due = amount(order.total(), lang);
            match (order.diner.card_balance, zh) {
                (Some(b), true) if b < order.total() => format!(
                    "饭卡余额{}，不够支付{due}。请到柜台用现金或手机支付。",
                    amount(b, lang)
                ),
                (Some(b), false) if b < order.total() => format!(
                    "The meal card holds {}, not enough for {due}. Please pay cash or mobile at the counter.",
                    amount(b, lang)
                ),
                (Some(b), true) => {
                    format!("请选择付款方式。需付{due}，饭卡余额{}。", amount(b, lang))
                }
                (None, true) => format!("请选择付款方式。需付{due}。"),
                (Some(b), false) => format!(
                    "Please choose how to pay. Due: {due}. Meal card balance: {}.",
                    amount(b, lang)
                ),
                (None, false) => format!("Please choose how to pay. Due: {due}."),
            }
        }
        Stage::Committing(..) => return None,
        Stage::Counter(order) => {
            let due = amount(order.total(), lang);
            if zh {
                format!("请到柜台付款，应付{due}。收银员会为您收取现金或手机支付。")
            } else {
                format!("Please pay {due} at the counter, in cash or by mobile.")
            }
        }
        Stage::Done(done) => {
            let paid = if done.paid == Money::ZERO {
                lang.pick("本餐免费。", "Your meal is free. ").to_owned()
            } else if done.method == PayMethod::Counter {
                match lang {
                    Lang::Zh => format!("已付款{}。", amount(done.paid, lang)),
                    Lang::En => format!("Paid {}. ", amount(done.paid, lang)),
                }
            } else {
                match lang {
                    Lang::Zh => format!("支付成功，{}。", amount(done.paid, lang)),
                    Lang::En => format!("Paid {}. ", amount(done.paid, lang)),
                }
            };
            let left = match (done.card_balance, zh) {
                (Some(b), true) => format!("饭卡余额{}。", amount(b, lang)),
                (Some(b), false) => format!("Meal card balance: {}. ", amount(b, lang)),
                (None, _) => String::new(),
            };
            let receipt = if done.printed {
                ""
            } else {
                lang.pick(
                    "小票没有打印出来，您的消费已经记录。",
                    "No receipt was printed; your meal is recorded. ",
                )
            };
            match lang {
                Lang::Zh => format!("{paid}{left}{receipt}请取餐，祝您用餐愉快！"),
                Lang::En => format!("{paid}{left}{receipt}Please take your meal. Enjoy!"),
            }
        }
        Stage::Error(kind) => say_error(settings, lang, kind),
    })
}

fn say_welcome(settings: &KioskSettings, lang: Lang, w: Welcome) -> String {
    if !w.scanner_ok {
        return lang
            .pick(
                "扫码器未连接，现在不能刷卡。请找工作人员。",
                "The scanner is not connected, so cards cannot be read now. Please ask staff.",
            )
            .to_owned();
    }
    let period = settings.rules.periods.at(w.now.time());
    if period.is_some_and(|p| settings.default_item(p.id.as_str()).is_some()) {
        return lang
            .pick(
                "欢迎用餐，请刷身份证或扫饭卡。",
                "Welcome. Please scan your ID card or meal card.",
            )
            .to_owned();
    }
    let next = settings.rules.periods.next_after(w.now.time()).map(|p| {
        (
            p.id.as_str().to_owned(),
            p.start.format("%H:%M").to_string(),
        )
    });
    say_error(settings, lang, &ErrorKind::OutsidePeriod { next })
}

fn say_error(settings: &KioskSettings, lang: Lang, kind: &ErrorKind) -> String {
    // The screen's words; amounts said in words rather than `¥12.00`.
    let advice = error_advice(kind, settings, lang, &|m| amount(m, lang));
    let sep = lang.pick("。", ". ");
    format!("{}{sep}{advice}", error_title(kind, lang))
}

fn say_priced(settings: &KioskSettings, lang: Lang, order: &Order) -> String {
    let d = &order.diner;
    let mut parts: Vec<String> = Vec::new();
    if let Some(age) = d.age {
        parts.push(match lang {
            Lang::Zh => format!("{}岁", number_words(u64::from(age))),
            Lang::En => format!("Age {age}"),
        });
    }
    for c in d
        .categories
        .iter()
        .filter_map(|c| settings.rules.category(c))
    {
        parts.push(lang.pick(&c.name_zh, &c.name_en).to_owned());
    }
    match d.card_notice {
        Some(CardNotice::Lost) => parts.push(
            lang.pick(
                "您的饭卡已挂失，本次凭身份证用餐",
                "Your meal card was reported lost; this meal goes on your ID card",
            )
            .to_owned(),
        ),
        Some(CardNotice::Suspended) => parts.push(
            lang.pick(
                "您的饭卡已停用，本次凭身份证用餐",
                "Your meal card is suspended; this meal goes on your ID card",
            )
            .to_owned(),
        ),
        None => {}
    }
    if order.quota_used {
        parts.push(
            lang.pick(
                "本餐段已用过补贴餐，这一份按市场价",
                "You have had this period's subsidised meal; this one is at market price",
            )
            .to_owned(),
        );
    }
    let total = order.total();
    parts.push(match (total == Money::ZERO, lang) {
        (true, Lang::Zh) => "本餐免费".to_owned(),
        (true, Lang::En) => "Your meal is free".to_owned(),
        (false, Lang::Zh) => format!("本餐{}", yuan_words(total)),
        (false, Lang::En) => format!("Your meal costs {}", yuan_english(total)),
    });
    let sep = lang.pick("。", ". ");
    let mut text = parts.join(sep);
    text.push_str(lang.pick("。", "."));
    text
}

/// Said when staff change the volume, so they hear it.
pub fn volume_sample(lang: Lang) -> &'static str {
    lang.pick("这是现在的音量。", "This is the voice at this volume.")
}

/// The reminder said once when a diner leaves a screen untouched for half
/// the idle timeout (before it drops the order); `None` where none is due.
pub fn reminder(lang: Lang, stage: &Stage) -> Option<&'static str> {
    Some(match stage {
        Stage::Priced(_) => lang.pick(
            "还在吗？要用餐请点确认，不用了请点取消。",
            "Are you still there? Tap confirm to have your meal, or cancel.",
        ),
        Stage::Paying(_) => lang.pick(
            "还在吗？请选择付款方式。",
            "Are you still there? Please choose how to pay.",
        ),
        Stage::Counter(_) => lang.pick("请到柜台付款。", "Please pay at the counter."),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_in_chinese_words() {
        let cases = [
            (0, "零"),
            (2, "二"),
            (10, "十"),
            (15, "十五"),
            (20, "二十"),
            (85, "八十五"),
            (100, "一百"),
            (105, "一百零五"),
            (110, "一百一十"),
            (1005, "一千零五"),
            (1010, "一千零一十"),
            (10_000, "一万"),
            (10_005, "一万零五"),
            (10_015, "一万零一十五"),
            (12_345, "一万二千三百四十五"),
        ];
        for (n, words) in cases {
            assert_eq!(number_words(n), words, "{n}");
        }
    }

    #[test]
    fn amounts_in_chinese_words() {
        let cases = [
            (1000, "十元"),
            (1250, "十二元五角"),
            (1152, "十一元五角二分"),
            (1205, "十二元零五分"),
            (960, "九元六角"),
            (1500, "十五元"),
            (50, "五角"),
            (5, "五分"),
            (0, "零元"),
        ];
        for (fen, words) in cases {
            assert_eq!(yuan_words(Money::from_fen(fen)), words, "{fen}");
        }
        assert_eq!(yuan_english(Money::from_fen(1000)), "10 yuan");
        assert_eq!(yuan_english(Money::from_fen(1250)), "12 yuan 50");
        assert_eq!(yuan_english(Money::from_fen(1205)), "12 yuan 05");
    }
}
