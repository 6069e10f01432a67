//! The counter order: the cart, the diner (a typed or scanned ID), cashier-only tiers, and its prices from canteen-core ([`price_cart`] prices as the ledger does).

use super::*;

impl CashierMode {
    /// Menu item `item` once more.
    pub fn add(&mut self, item: &str) {
        self.note = Note::None;
        match self.cart.iter_mut().find(|(i, _)| i == item) {
            Some((_, n)) => *n += 1,
            None => self.cart.push((item.to_owned(), 1)),
        }
    }

    /// One fewer of cart row `row` (the row goes at zero).
    pub fn remove(&mut self, row: usize) {
        if let Some((_, n)) = self.cart.get_mut(row) {
            *n -= 1;
            if *n == 0 {
                self.cart.remove(row);
            }
        }
    }

    pub fn add_row(&mut self, row: usize) {
        if let Some((_, n)) = self.cart.get_mut(row) {
            *n += 1;
        }
    }

    pub fn start_id(&mut self) {
        self.id_entry = Some(String::new());
        self.field = Field::IdNumber;
        self.note = Note::None;
    }

    pub fn cancel_id(&mut self) {
        self.id_entry = None;
    }

    /// The ID number typed on the keypad, validated here where it is entered.
    pub fn confirm_id(&mut self, at: NaiveDateTime) -> Option<CashierCommand> {
        let scan = canteen_core::Scan::read(self.id_entry.as_deref()?, at.date());
        self.busy = true;
        Some(CashierCommand::Lookup {
            scan,
            manual: true,
            at,
        })
    }

    /// A scan while the order screen is up identifies the diner; on the
    /// top-up screen it is the meal card's number.
    pub fn scanned(
        &mut self,
        scan: canteen_core::Scan,
        at: NaiveDateTime,
    ) -> Option<CashierCommand> {
        if self.page == Page::TopUp && !self.busy {
            self.card_scanned(scan.text());
            return None;
        }
        if self.page == Page::Deliveries && !self.busy {
            self.delivery_scanned(scan.text());
            return None;
        }
        if self.page != Page::Order || self.busy {
            return None;
        }
        self.busy = true;
        Some(CashierCommand::Lookup {
            scan,
            manual: false,
            at,
        })
    }

    /// The counter order, priced now.
    pub fn priced(
        &self,
        settings: &KioskSettings,
        at: NaiveDateTime,
    ) -> Result<Vec<LineBreakdown>, PriceError> {
        if self.paying_handover
            && let Some(order) = &self.handover
        {
            // Priced by the kiosk; the back end re-prices it at commit.
            return Ok(order.lines.clone());
        }
        let items: Vec<String> = self
            .cart
            .iter()
            .flat_map(|(i, n)| std::iter::repeat_n(i.clone(), *n as usize))
            .collect();
        price_cart(
            settings,
            &items,
            self.diner.as_ref(),
            self.tier.as_deref(),
            at,
        )
    }

    pub fn total(&self, settings: &KioskSettings, at: NaiveDateTime) -> Option<Money> {
        self.priced(settings, at)
            .ok()
            .map(|lines| lines.iter().map(|l| l.charged).sum())
    }

    /// Chooses cashier-only tier `id` for this order, or clears it when it
    /// was chosen already (one tier at a time).
    pub fn toggle_tier(&mut self, id: &str) {
        self.tier = match self.tier.take() {
            Some(chosen) if chosen == id => None,
            _ => Some(id.to_owned()),
        };
    }

    /// "Next order": a clean order screen.
    pub fn next_order(&mut self) {
        self.paying_handover = false;
        self.cart.clear();
        self.diner = None;
        self.id_entry = None;
        self.tier = None;
        self.paid = None;
        self.entry.clear();
        self.go(Page::Order, Field::Amount);
    }
}

/// The items on sale now: those of the current meal period and those sold at
/// any time, in menu order.
pub fn menu_now(settings: &KioskSettings, at: NaiveDateTime) -> Vec<&MenuItem> {
    let period = settings.rules.periods.at(at.time()).map(|p| p.id.clone());
    settings
        .rules
        .items
        .iter()
        .filter(|i| i.periods.is_empty() || period.as_ref().is_some_and(|p| i.periods.contains(p)))
        .collect()
}

/// Prices a counter order the way the ledger does: the diner's lines in order,
/// the quota counted from what they already had plus this cart, the
/// cashier-only tier the cashier chose.
pub fn price_cart(
    settings: &KioskSettings,
    items: &[String],
    diner: Option<&CounterDiner>,
    tier: Option<&str>,
    at: NaiveDateTime,
) -> Result<Vec<LineBreakdown>, PriceError> {
    let rules = &settings.rules;
    let who = match diner {
        Some(d) => Diner::resident(
            &d.id,
            at.date(),
            settings.age_convention,
            d.categories.clone(),
        ),
        None => Diner::Anonymous,
    };
    rules.price_order(&OrderRequest {
        at,
        diner: &who,
        used_in_period: diner.map_or(0, |d| d.used),
        tier_override: tier,
        items,
        companion_items: &[],
    })
}
