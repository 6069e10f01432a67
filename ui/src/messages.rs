//! The diner-facing error messages, in Chinese and English: a title and
//! plain advice (what to do next) for each `ErrorKind`. The error screen
//! shows them (`view` puts them on `ErrorAdapter`) and the kiosk's voice
//! says them (`speech`), so both always say the same thing.

use canteen_core::Money;
use canteen_core::session::ErrorKind;

use crate::lang::Lang;
use crate::settings::KioskSettings;

/// The error screen's headline.
pub fn error_title(kind: &ErrorKind, lang: Lang) -> &'static str {
    match kind {
        ErrorKind::InvalidId => lang.pick("无法识别这张证件", "This ID could not be read"),
        ErrorKind::InvalidCard => lang.pick("无法使用这张饭卡", "This meal card cannot be used"),
        ErrorKind::CardSuspended => lang.pick("此卡已暂停使用", "This card is suspended"),
        ErrorKind::CardLost => lang.pick("此卡已挂失", "This card was reported lost"),
        ErrorKind::OutsidePeriod { .. } => lang.pick("现在不是供餐时间", "No meals are served now"),
        ErrorKind::InsufficientBalance { .. } => {
            lang.pick("饭卡余额不足", "Not enough on the meal card")
        }
        ErrorKind::Refused => lang.pick("未能完成，没有收费", "Not completed; nothing was charged"),
        ErrorKind::Database => lang.pick("系统故障，暂停售餐", "System fault: sales stopped"),
    }
}

/// What the diner should do next. `money` writes an amount: the screen's
/// `¥12.00`, or the voice's words (十二元).
pub fn error_advice(
    kind: &ErrorKind,
    settings: &KioskSettings,
    lang: Lang,
    money: &dyn Fn(Money) -> String,
) -> String {
    match kind {
        ErrorKind::InvalidId => lang
            .pick(
                "请再刷一次身份证或扫码。还不行请找工作人员。",
                "Please scan again. If it still fails, ask staff.",
            )
            .to_owned(),
        ErrorKind::InvalidCard => lang
            .pick(
                "这张饭卡无效，请找工作人员",
                "This meal card is not valid. Please ask staff.",
            )
            .to_owned(),
        ErrorKind::CardSuspended => lang
            .pick("请到柜台找工作人员办理。", "Please see staff at the counter.")
            .to_owned(),
        ErrorKind::CardLost => lang
            .pick(
                "这张卡已挂失，不能使用。请刷身份证用餐，或到柜台找工作人员。",
                "This card was reported lost and cannot be used. Please scan your ID card instead, or see staff at the counter.",
            )
            .to_owned(),
        ErrorKind::OutsidePeriod { next } => match next {
            Some((id, start)) => {
                let name = settings
                    .rules
                    .periods
                    .get(id)
                    .map_or(id.as_str(), |p| lang.pick(&p.name_zh, &p.name_en));
                match lang {
                    Lang::Zh => format!("下一餐：{name} {start}"),
                    Lang::En => format!("Next meal: {name} {start}"),
                }
            }
            None => lang
                .pick(
                    "今天的供餐已结束，欢迎明天再来",
                    "No more meals today. Please come back tomorrow",
                )
                .to_owned(),
        },
        ErrorKind::InsufficientBalance { balance, due } => {
            let (balance, due) = (money(*balance), money(*due));
            match lang {
            Lang::Zh => format!("饭卡余额 {balance}，需付 {due}。请到柜台充值，或用现金、手机支付。"),
            Lang::En => format!(
                "Meal card balance {balance}, due {due}. Top up at the counter, or pay cash or mobile."
            ),
            }
        }
        ErrorKind::Refused => lang
            .pick(
                "请重新刷卡，确认价格。还不行请找工作人员。",
                "Please scan again and check the price. If it still fails, ask staff.",
            )
            .to_owned(),
        ErrorKind::Database => lang
            .pick(
                "请找工作人员处理。您的钱没有被扣。",
                "Please call staff. You have not been charged.",
            )
            .to_owned(),
    }
}
