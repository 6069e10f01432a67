//! A `canteen sell` command line built flag by flag: how the kiosk crate's
//! tests and the end-to-end tests spell a sale, written once. Flags stand in
//! the order they are added; `--data` is left to the runner.

/// The arguments of one `canteen sell`.
#[derive(Clone, Debug)]
pub struct Sell(Vec<String>);

impl Sell {
    /// `sell --item ITEM`: a sale on the configured menu, as staff make it.
    pub fn item(item: &str) -> Sell {
        Sell(vec!["sell".into(), "--item".into(), item.into()])
    }

    /// `sell --demo --item ITEM`: a sale on the built-in demo menu.
    pub fn demo(item: &str) -> Sell {
        Sell(vec![
            "sell".into(),
            "--demo".into(),
            "--item".into(),
            item.into(),
        ])
    }

    /// One more `--item`.
    pub fn and(self, item: &str) -> Sell {
        self.flag("--item", item)
    }

    /// `--id`: the diner's resident ID number.
    pub fn id(self, id: &str) -> Sell {
        self.flag("--id", id)
    }

    /// `--tier`: a staff-chosen price tier.
    pub fn tier(self, tier: &str) -> Sell {
        self.flag("--tier", tier)
    }

    /// `--at`: the sale's time (RFC 3339).
    pub fn at(self, at: &str) -> Sell {
        self.flag("--at", at)
    }

    /// `--tendered`: cash handed over, in fen.
    pub fn tendered(self, fen: i64) -> Sell {
        self.flag("--tendered", &fen.to_string())
    }

    /// `--pay`: the payment method.
    pub fn pay(self, method: &str) -> Sell {
        self.flag("--pay", method)
    }

    /// `--ref`: a mobile payment's reference.
    pub fn reference(self, reference: &str) -> Sell {
        self.flag("--ref", reference)
    }

    /// Any other `FLAG VALUE` pair (`--receipt PATH`, …).
    pub fn flag(mut self, flag: &str, value: &str) -> Sell {
        self.0.extend([flag.to_owned(), value.to_owned()]);
        self
    }

    /// The command line, without `--data`.
    pub fn args(&self) -> &[String] {
        &self.0
    }
}
