//! `[privacy]` in `canteen.toml`: the argon2id cost of deriving a resident key
//! on a kiosk that is not enrolled with an office (an enrolled kiosk uses the
//! office's cost, sent at enrolment, which wins over this one). The section is
//! optional: without it the community default (`KeyCost::DEFAULT`, 19456 KiB ×
//! 2 passes, ~20 ms a guess) applies. Lowering it makes a stolen kiosk's
//! resident keys cheaper to attack.

use canteen_core::KeyCost;

use crate::error::Problems;
use crate::raw::PrivacySection;

/// `[privacy]`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Privacy {
    /// The resident key cost of a kiosk that is not enrolled.
    pub key_cost: KeyCost,
}

impl Default for Privacy {
    fn default() -> Self {
        Privacy {
            key_cost: KeyCost::DEFAULT,
        }
    }
}

pub(crate) fn privacy(raw: Option<&PrivacySection>, problems: &mut Vec<crate::Problem>) -> Privacy {
    let Some(s) = raw else {
        return Privacy::default();
    };
    let mut p = Problems::new("canteen.toml");
    if !(8..=1024 * 1024).contains(&s.key_memory_kib) {
        p.add(
            "privacy.key_memory_kib",
            format!(
                "{} is out of range: the memory of one resident key derivation is 8 to 1048576 KiB (default 19456)",
                s.key_memory_kib
            ),
        );
    }
    if !(1..=64).contains(&s.key_iterations) {
        p.add(
            "privacy.key_iterations",
            format!(
                "{} is out of range: the passes of one resident key derivation are 1 to 64 (default 2)",
                s.key_iterations
            ),
        );
    }
    problems.append(&mut p.found);
    Privacy {
        key_cost: KeyCost {
            memory_kib: s.key_memory_kib,
            iterations: s.key_iterations,
        },
    }
}
