//! The counter order: the cart, the diner (a typed or scanned ID), cashier-only tiers, and its prices from canteen-core ([`price_cart`] prices as the ledger does).

use super::*;
use crate::lang::Lang;
use crate::{CartRow, MenuTile, TierChoice};
use canteen_core::Refusal;
use canteen_core::cashier::mask_but_last_four;
use slint::{ModelRc, VecModel};

command! {
    /// Identifies a scanned or typed ID number at the counter.
    Lookup {
        /// Read once where it was scanned or typed.
        scan: canteen_core::Scan,
        /// Typed by the cashier (audited as manual entry with the sale).
        manual: bool,
        at: NaiveDateTime,
    }
    run(c, service, settings) -> Result<CounterDiner, CashierError> {
        lookup(service, settings, &c.scan, c.manual, c.at)
    }
    ok(diner, mode) {
        mode.id_entry = None;
        mode.diner = Some(diner);
        mode.note = Note::None;
    }
}

/// A scanned or typed ID at the counter (validated where it was read), looked
/// up in the registry, with the subsidised meals already taken this period.
fn lookup(
    service: &mut dyn KioskService,
    settings: &KioskSettings,
    scan: &canteen_core::Scan,
    manual: bool,
    at: NaiveDateTime,
) -> Result<CounterDiner, CashierError> {
    let id = scan
        .resident()
        .map_err(|e| CashierError::Refused(Refusal::Id(e)))?;
    let db = |e: crate::ServiceError| CashierError::Database(e.to_string());
    let record = service.resident(id).map_err(db)?;
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
        Some(p) => service.used_in_period(id, at.date(), &p.id).map_err(db)?,
        None => 0,
    };
    Ok(CounterDiner {
        id: id.clone(),
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

    /// The ID number typed on the keypad, validated here where it is entered.
    pub fn confirm_id(&mut self, at: NaiveDateTime) -> Option<CashierCommand> {
        let scan = canteen_core::Scan::read(self.id_entry.as_deref()?, at.date());
        let manual = true;
        self.send(Lookup { scan, manual, at })
    }

    /// A scan while the order screen is up identifies the diner; on the
    /// top-up screen it is the meal card's number.
    pub fn scanned(
        &mut self,
        scan: canteen_core::Scan,
        at: NaiveDateTime,
    ) -> Option<CashierCommand> {
        if self.page() == Page::TopUp && !self.busy {
            self.card_scanned(scan.text());
            return None;
        }
        if self.page() == Page::Deliveries && !self.busy {
            self.delivery_scanned(scan.text());
            return None;
        }
        if self.page() != Page::Order || self.busy {
            return None;
        }
        let manual = false;
        self.send(Lookup { scan, manual, at })
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
        self.go(PageState::Order(OrderPage), Field::Amount);
    }
}

/// The order screen (its state is cashier mode's cart, shared with payment).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct OrderPage;

impl StaffScreen for OrderPage {
    type Adapter<'a> = crate::OrderAdapter<'a>;

    fn show(&self, a: &Self::Adapter<'_>, v: &View<'_>) -> Screen {
        let (settings, lang, mode, at) = (v.settings, v.lang, v.mode, v.at);
        let rules = &settings.rules;
        let name = |id: &str| {
            rules.item(id).map_or(id.to_owned(), |i| {
                lang.pick(&i.name_zh, &i.name_en).to_owned()
            })
        };
        // Each tile shows what one more of it would cost this diner now.
        let tiles: Vec<MenuTile> = menu_now(settings, at)
            .into_iter()
            .map(|item| {
                let mut items: Vec<String> = mode
                    .cart
                    .iter()
                    .flat_map(|(i, c)| std::iter::repeat_n(i.clone(), *c as usize))
                    .collect();
                items.push(item.id.clone());
                let price = crate::cashier::price_cart(
                    settings,
                    &items,
                    mode.diner.as_ref(),
                    mode.tier.as_deref(),
                    at,
                )
                .ok()
                .and_then(|l| l.last().map(|l| l.charged))
                .unwrap_or(item.market);
                MenuTile {
                    name: s(lang.pick(&item.name_zh, &item.name_en)),
                    price: money(price),
                }
            })
            .collect();
        a.set_menu(ModelRc::new(VecModel::from(tiles)));
        let lines = mode.priced(settings, at).unwrap_or_default();
        let mut offset = 0;
        let rows: Vec<CartRow> = mode
            .cart
            .iter()
            .map(|(item, count)| {
                let n = *count as usize;
                let amount: Money = lines.iter().skip(offset).take(n).map(|l| l.charged).sum();
                offset += n;
                CartRow {
                    name: s(name(item)),
                    count: i32::try_from(*count).unwrap_or(i32::MAX),
                    amount: money(amount),
                }
            })
            .collect();
        a.set_cart(ModelRc::new(VecModel::from(rows)));
        a.set_total(mode.total(settings, at).map(money).unwrap_or_default());
        a.set_pending(
            mode.handover
                .as_ref()
                .map(|o| money(o.total()))
                .unwrap_or_default(),
        );
        match &mode.diner {
            Some(d) => {
                a.set_diner(s(&d.label));
                let mut who = Vec::new();
                let person = canteen_core::Diner::resident(
                    &d.id,
                    at.date(),
                    settings.age_convention,
                    d.categories.clone(),
                );
                if let canteen_core::Diner::Resident { age: Some(age), .. } = person {
                    who.push(match lang {
                        Lang::Zh => format!("{age}岁"),
                        Lang::En => format!("age {age}"),
                    });
                }
                for c in d.categories.iter().filter_map(|c| rules.category(c)) {
                    who.push(lang.pick(&c.name_zh, &c.name_en).to_owned());
                }
                a.set_tier(s(who.join(" · ")));
            }
            None => {
                a.set_diner(SharedString::new());
                a.set_tier(SharedString::new());
            }
        }
        a.set_entering_id(mode.id_entry.is_some());
        a.set_id_entry(s(mode
            .id_entry
            .as_deref()
            .map(mask_but_last_four)
            .unwrap_or_default()));
        let tiers: Vec<TierChoice> = settings
            .rules
            .tiers
            .iter()
            .filter(|t| t.cashier_only)
            .map(|t| TierChoice {
                id: s(&t.id),
                label: s(lang.pick(&t.name_zh, &t.name_en)),
                chosen: mode.tier.as_deref() == Some(t.id.as_str()),
            })
            .collect();
        a.set_tiers(ModelRc::new(VecModel::from(tiers)));
        Screen::Order
    }

    fn wire(k: &Kiosk, a: &Self::Adapter<'_>) {
        a.on_add(k.staff(|m, settings, at, i: i32| {
            let menu = menu_now(settings, at);
            if let Some(item) = usize::try_from(i).ok().and_then(|i| menu.get(i)) {
                m.add(&item.id);
            }
            None
        }));
        a.on_add_row(k.staff(|m, _, _, i: i32| {
            if let Ok(i) = usize::try_from(i) {
                m.add_row(i);
            }
            None
        }));
        a.on_remove(k.staff(|m, _, _, i: i32| {
            if let Ok(i) = usize::try_from(i) {
                m.remove(i);
            }
            None
        }));
        a.on_start_id(k.tap(|m, _, _| {
            m.start_id();
            None
        }));
        a.on_confirm_id(k.tap(|m, _, at| m.confirm_id(at)));
        a.on_cancel_id(k.tap(|m, _, _| {
            m.cancel_id();
            None
        }));
        a.on_clear_diner(k.tap(|m, _, _| {
            m.diner = None;
            None
        }));
        a.on_toggle_tier(k.staff(|m, _, _, id: SharedString| {
            m.toggle_tier(&id);
            None
        }));
        a.on_pay_cash(k.tap(|m, settings, at| {
            m.start_pay(false, settings, at);
            None
        }));
        a.on_pay_mobile(k.tap(|m, settings, at| {
            m.start_pay(true, settings, at);
            None
        }));
        a.on_void(k.tap(|m, _, _| {
            m.start_void();
            None
        }));
        a.on_refund(k.tap(|m, _, _| m.start_refund()));
        a.on_report_x(k.tap(|m, _, at| m.report(ReportKind::X, at)));
        a.on_reprint(k.tap(|m, _, at| m.reprint(at)));
        a.on_close_shift(k.tap(|m, _, _| m.start_close_shift()));
        a.on_no_sale(k.tap(|m, _, _| {
            m.start_no_sale();
            None
        }));
        a.on_sign_out(k.leave_button());
        a.on_handover(k.tap(|m, _, _| {
            m.start_handover();
            None
        }));
        a.on_top_up(k.tap(|m, _, _| {
            m.start_top_up();
            None
        }));
        a.on_deliveries(k.tap(|m, _, at| m.start_deliveries(at)));
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
        context: PriceRequest {
            at,
            diner: &who,
            used_in_period: diner.map_or(0, |d| d.used),
            tier_override: tier,
        },
        items,
        companion_items: &[],
    })
}
