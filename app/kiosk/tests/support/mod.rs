//! Support code shared by the kiosk's integration tests.

#![allow(dead_code)] // each test file uses its own part of the support

pub mod fault_proxy;
pub mod office;
pub mod office_registry;
