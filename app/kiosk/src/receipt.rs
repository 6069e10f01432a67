//! The receipt of a committed sale as an ESC/POS document: the canteen's name,
//! the sale number and time, the diner's masked ID, one row per line with the
//! subsidy, the total and how it was paid, and a QR code that identifies the
//! sale (`ReceiptPayload`: device, sequence, hash prefix), then a cut. A
//! reprint says 补打 / COPY. Built from the sale as stored, so it never shows
//! what the ledger did not record. No drawer kick here: the self-service kiosk
//! takes no cash; the counter adds the kick to a committed cash sale's receipt.
//! [`report_document`] prints the counter's X and Z reports (Z with the grand
//! total and the full chain head).

use canteen_core::closing::DayTotals;
use canteen_core::{Money, Payment, PaymentMethod, PricingRules};
use canteen_ledger::{CommittedRefund, CommittedSale};
use canteen_ui::{ReportKind, ReportView};
use firmware_adapters::printer::{Align, Document, TextStyle};
use firmware_adapters::scanner::ReceiptPayload;

/// What every receipt of this canteen carries besides the sale.
#[derive(Clone, Debug, Default)]
pub struct ReceiptHeader {
    pub name_zh: String,
    pub name_en: String,
    /// Item id → Chinese name.
    pub item_names: Vec<(String, String)>,
    /// Training mode: every receipt says it is not a sale.
    pub training: bool,
}

impl ReceiptHeader {
    pub fn new(name_zh: &str, name_en: &str, rules: &PricingRules) -> ReceiptHeader {
        ReceiptHeader {
            name_zh: name_zh.to_owned(),
            name_en: name_en.to_owned(),
            item_names: rules
                .items
                .iter()
                .map(|i| (i.id.clone(), i.name_zh.clone()))
                .collect(),
            training: false,
        }
    }

    /// This header for a kiosk in training (`on`) or not.
    /// The header of the canteen `config` describes: its names and its
    /// menu's item names.
    pub fn of(config: &canteen_config::Config) -> ReceiptHeader {
        ReceiptHeader::new(
            &config.canteen.name_zh,
            &config.canteen.name_en,
            &config.pricing,
        )
    }

    pub fn in_training(mut self, on: bool) -> ReceiptHeader {
        self.training = on;
        self
    }

    /// The canteen's name in both languages (`big` on a sale's receipt), and
    /// the training mark under it.
    fn heading(&self, big: bool) -> Document {
        let style = if big {
            TextStyle::center().bold().size(2, 2)
        } else {
            TextStyle::center().bold()
        };
        self.mark(
            Document::new()
                .styled(self.name_zh.clone(), style)
                .styled(self.name_en.clone(), TextStyle::center()),
        )
    }

    /// The training mark under the canteen's name, when in training.
    fn mark(&self, doc: Document) -> Document {
        if self.training {
            doc.styled("培训 — 非正式交易", TextStyle::center().bold().size(2, 2))
                .styled("TRAINING — NOT A SALE", TextStyle::center().bold())
        } else {
            doc
        }
    }

    /// An item's Chinese name (the delivery fee's own name; an id the
    /// menu does not name shows as itself).
    pub fn item_name<'a>(&'a self, id: &'a str) -> &'a str {
        if id == canteen_core::DELIVERY_FEE_ITEM {
            return "送餐费";
        }
        self.item_names
            .iter()
            .find(|(i, _)| i == id)
            .map_or(id, |(_, n)| n.as_str())
    }

    /// The canteen's name, the training mark, then `title` in bold: the top
    /// of a sheet that is not a sale's receipt.
    pub fn title(&self, title: &str) -> Document {
        self.heading(false)
            .styled(title.to_owned(), TextStyle::center().bold().size(1, 2))
    }
}

/// The receipt of `sale`, printed by device `device_id`; `copy` marks a reprint.
pub fn document(
    header: &ReceiptHeader,
    device_id: &str,
    sale: &CommittedSale,
    copy: bool,
) -> Document {
    let mut doc = header.heading(true);
    if copy {
        doc = doc.styled("补打 COPY", TextStyle::center().bold().size(2, 1));
    }
    let at = to_minute(&sale.at);
    doc = doc.line(sale_no_line(device_id, sale.seq, &at));
    // The at-rest form (all `*`, a reprint or a meal-card sale) tells nothing.
    if let Some(masked) = sale
        .masked_id
        .as_ref()
        .filter(|m| m.chars().any(|c| c != '*'))
    {
        doc = doc.line(format!("证件 ID {masked}"));
    }
    doc = doc.line("-".repeat(32));
    for line in &sale.lines {
        doc = doc.line(format!(
            "{} x1  {}",
            header.item_name(&line.item),
            line.charged
        ));
        if line.subsidy > Money::ZERO {
            doc = doc.line(format!("  补贴 subsidy -{}", line.subsidy));
        }
    }
    doc = doc.line("-".repeat(32));
    if sale.subsidy_fen > 0 {
        doc = doc.line(format!(
            "补贴合计 Subsidy {}",
            Money::from_fen(sale.subsidy_fen)
        ));
    }
    doc = doc.styled(
        format!("实付 Total {}", Money::from_fen(sale.total_fen)),
        TextStyle::default().bold().size(1, 2).align(Align::Right),
    );
    for p in &sale.payments {
        doc = doc.line(payment_line(p));
    }
    let qr = ReceiptPayload {
        version: 1,
        device_id: device_id.to_owned(),
        seq: sale.seq,
        hash_prefix: sale.hash.get(..16).unwrap_or(&sale.hash).to_owned(),
    };
    let doc = doc.qr(qr.to_qr_text());
    let doc = if header.training {
        header.mark(doc)
    } else {
        doc.styled(THANKS, TextStyle::center())
    };
    doc.feed(3).cut()
}

fn payment_line(p: &Payment) -> String {
    let label = method_label(p.method());
    match p {
        Payment::Free => label.to_owned(),
        _ => format!("{label} {}", p.amount()),
    }
}

/// How a payment was (or a refund is) made, as receipts (and the delivery
/// roster) name it.
pub(crate) fn method_label(method: PaymentMethod) -> &'static str {
    match method {
        PaymentMethod::Cash => "现金 Cash",
        PaymentMethod::Card => "饭卡 Meal card",
        PaymentMethod::Mobile => "手机支付 Mobile",
        PaymentMethod::Free => "免费 Free",
    }
}

/// The line that names a sale (or a top-up, a refund) on its slip: device,
/// six-digit sequence number, local minute.
fn sale_no_line(device_id: &str, seq: u64, at: &str) -> String {
    format!("单号 No. {device_id}-{seq:06}  {at}")
}

/// The closing line of a sale's receipt (and of the printer's test receipt).
pub const THANKS: &str = "谢谢惠顾 祝您健康";

/// An RFC 3339 time as receipts show it: local date and minute.
fn to_minute(at: &str) -> String {
    at.get(..16).unwrap_or(at).replace('T', " ")
}

/// The counter's view of a day's totals (without the Z-only fields).
pub fn report_view(kind: ReportKind, day: &DayTotals) -> ReportView {
    ReportView {
        kind,
        date: day.date,
        sale_count: day.sale_count,
        void_count: day.void_count,
        gross: day.gross,
        voided: day.voided,
        refund_count: day.refund_count,
        refunded: day.refunded,
        net: day.net,
        subsidy: day.subsidy,
        grand_total: None,
        chain_head: None,
        shift_expected: None,
        printed: false,
    }
}

/// The receipt of a meal-card top-up: the card (masked), the cash paid in
/// and the card's new balance.
pub fn top_up_document(
    header: &ReceiptHeader,
    device_id: &str,
    seq: u64,
    at: &str,
    masked_card: &str,
    amount: Money,
    balance: Money,
) -> Document {
    header
        .heading(false)
        .styled("饭卡充值 CARD TOP-UP", TextStyle::center().bold())
        .line(sale_no_line(device_id, seq, at))
        .line(format!("饭卡 Card {masked_card}"))
        .line("-".repeat(32))
        .styled(format!("充值 Top-up {amount}"), TextStyle::default().bold())
        .styled(
            format!("余额 Balance {balance}"),
            TextStyle::default().bold(),
        )
        .feed(3)
        .cut()
}

/// The slip of a line refund: 退款 / REFUND, the original sale, the lines
/// paid back, the amount and how, the supervisor who authorised it, and a
/// meal card's balance afterwards when it went back onto the card.
pub fn refund_document(
    header: &ReceiptHeader,
    device_id: &str,
    refund: &CommittedRefund,
    supervisor: &str,
    card_balance: Option<Money>,
) -> Document {
    let at = to_minute(&refund.at);
    let mut doc = header
        .heading(false)
        .styled("退款 REFUND", TextStyle::center().bold().size(2, 2))
        .line(sale_no_line(device_id, refund.seq, &at))
        .line(format!(
            "原单 Sale No. {device_id}-{:06}",
            refund.original_seq
        ))
        .line("-".repeat(32));
    for l in &refund.lines {
        doc = doc.line(format!(
            "{} x{}  -{}",
            header.item_name(&l.item),
            l.qty,
            Money::from_fen(l.amount_fen)
        ));
    }
    let how = method_label(PaymentMethod::parse(&refund.method).unwrap_or(PaymentMethod::Free));
    doc = doc
        .line("-".repeat(32))
        .styled(
            format!("退款 Refund {}", Money::from_fen(refund.refund_fen)),
            TextStyle::default().bold().size(1, 2).align(Align::Right),
        )
        .line(format!("退款方式 By {how}"))
        .line(format!("主管 Supervisor {supervisor}"));
    if let Some(balance) = card_balance {
        doc = doc.line(format!("余额 Balance {balance}"));
    }
    doc.feed(3).cut()
}

/// The X or Z report as printed.
pub fn report_document(header: &ReceiptHeader, device_id: &str, r: &ReportView) -> Document {
    let title = match r.kind {
        ReportKind::X => "X 报表 X REPORT",
        ReportKind::Z => "Z 日结 Z REPORT",
    };
    let mut doc = header
        .mark(Document::new().styled(header.name_zh.clone(), TextStyle::center().bold()))
        .styled(title, TextStyle::center().bold().size(2, 2))
        .line(format!("设备 Device {device_id}  日期 Date {}", r.date))
        .line("-".repeat(32))
        .line(format!(
            "销售 Sales {}   作废 Voids {}",
            r.sale_count, r.void_count
        ))
        .line(format!("总额 Gross {}", r.gross))
        .line(format!("作废额 Voided {}", r.voided))
        .line(format!("退款 Refunds {}", r.refund_count))
        .line(format!("退款额 Refunded {}", r.refunded))
        .line(format!("净额 Net {}", r.net))
        .line(format!("补贴 Subsidy {}", r.subsidy));
    if let Some(expected) = r.shift_expected {
        doc = doc.line(format!("本班应有现金 Shift cash {expected}"));
    }
    if let Some(grand) = r.grand_total {
        doc = doc.styled(
            format!("累计总额 Grand total {grand}"),
            TextStyle::default().bold(),
        );
    }
    if let Some((seq, hash)) = &r.chain_head {
        doc = doc.line(format!("链头 Chain head #{seq}"));
        for part in hash.as_bytes().chunks(32) {
            doc = doc.line(String::from_utf8_lossy(part).into_owned());
        }
    }
    if r.kind == ReportKind::X {
        doc = doc.line("未日结 not a closing");
    }
    doc.feed(3).cut()
}
