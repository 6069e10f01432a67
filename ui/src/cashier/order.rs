//! The counter order: the cart, the diner (a typed or scanned ID), cashier-only tiers, and its prices from canteen-core ([`price_cart`] prices as the ledger does).

use super::*;
use canteen_core::Refusal;

/// Identifies a scanned or typed ID number at the counter.
#[derive(Debug)]
pub struct Lookup {
    pub text: String,
    /// Typed by the cashier (audited as manual entry with the sale).
    pub manual: bool,
    pub at: NaiveDateTime,
}

impl CashierCmd for Lookup {
    type Reply = Result<CounterDiner, CashierError>;

    fn run(self, service: &mut dyn KioskService, settings: &KioskSettings) -> Self::Reply {
        lookup(service, settings, &self.text, self.manual, self.at)
    }

    fn apply(reply: Self::Reply, mode: &mut CashierMode) {
        match reply {
            Ok(diner) => {
                mode.id_entry = None;
                mode.diner = Some(diner);
                mode.note = Note::None;
            }
            Err(e) => mode.refused(e),
        }
    }
}

/// A scanned or typed ID at the counter: validated by canteen-core, looked up
/// in the registry, with the subsidised meals already taken this period.
fn lookup(
    service: &mut dyn KioskService,
    settings: &KioskSettings,
    text: &str,
    manual: bool,
    at: NaiveDateTime,
) -> Result<CounterDiner, CashierError> {
    let id =
        ResidentId::parse(text, at.date()).map_err(|e| CashierError::Refused(Refusal::Id(e)))?;
    let db = |e: crate::ServiceError| CashierError::Database(e.to_string());
    let record = service.resident(&id).map_err(db)?;
    let (label, categories) = match record {
        Some(r) => match r.status {
            crate::ResidentStatus::Active => (r.masked_name, r.categories),
            crate::ResidentStatus::Suspended => {
                return Err(CashierError::Refused(Refusal::ResidentSuspended));
            }
        },
        None => (id.masked(), Vec::new()),
    };
    let label = if label.is_empty() { id.masked() } else { label };
    let used = match settings.rules.periods.at(at.time()) {
        Some(p) => service.used_in_period(&id, at.date(), &p.id).map_err(db)?,
        None => 0,
    };
    Ok(CounterDiner {
        id,
        label,
        categories,
        used,
        manual,
    })
}

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

    pub fn confirm_id(&mut self, at: NaiveDateTime) -> Option<CashierCommand> {
        let text = self.id_entry.clone()?;
        self.busy = true;
        Some(
            Lookup {
                text,
                manual: true,
                at,
            }
            .into(),
        )
    }

    /// A scan while the order screen is up identifies the diner; on the
    /// top-up screen it is the meal card's number.
    pub fn scanned(&mut self, text: &str, at: NaiveDateTime) -> Option<CashierCommand> {
        if self.page() == Page::TopUp && !self.busy {
            self.card_scanned(text);
            return None;
        }
        if self.page() == Page::Deliveries && !self.busy {
            self.delivery_scanned(text);
            return None;
        }
        if self.page() != Page::Order || self.busy {
            return None;
        }
        self.busy = true;
        Some(
            Lookup {
                text: text.to_owned(),
                manual: false,
                at,
            }
            .into(),
        )
    }

    /// The counter order, priced now.
    pub fn priced(
        &self,
        settings: &KioskSettings,
        at: NaiveDateTime,
    ) -> Result<Vec<LineBreakdown>, PriceError> {
        if matches!(&self.page, PageState::Pay(p) if p.handover)
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
        self.cart.clear();
        self.diner = None;
        self.id_entry = None;
        self.tier = None;
        self.go(PageState::Order(()), Field::Amount);
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
