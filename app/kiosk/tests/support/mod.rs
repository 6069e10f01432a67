//! Support code shared by the kiosk's integration tests.

pub mod fault_proxy;
