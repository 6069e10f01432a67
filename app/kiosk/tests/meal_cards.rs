//! A meal card issued by the office passes the scanner's classifier and the
//! kiosk's offline signature check with the office's public key; a forged or
//! altered card is well-formed to the classifier but refused by the check.
//! What the office builds (`canteen_sync::signing::card_signed_text`) is what
//! the classifier parses, with and without the holder's birth date.

use canteen_sync::signing::{OfficeKey, OfficePublicKey, SignatureError};
use firmware_adapters::scanner::classify::Content;
use firmware_adapters::scanner::{ScanKind, classify};

fn check(public: &OfficePublicKey, qr: &str) -> Result<String, SignatureError> {
    let scan = classify(qr);
    assert_eq!(
        (scan.kind, scan.valid),
        (ScanKind::MealCard, true),
        "the classifier accepts the shape"
    );
    let Content::MealCard(card) = scan.content else {
        panic!("a meal card carries its payload")
    };
    public
        .verify_card(&card.signed_text(), &card.signature)
        .map(|()| card.card_no)
}

#[test]
fn issued_cards_verify_offline_and_forged_or_altered_cards_are_refused() {
    let office = OfficeKey::from_seed([42; 32]);
    let public = OfficePublicKey::from_hex(&office.public_hex()).unwrap();
    assert_eq!(
        check(&public, &office.card_qr_text("88001234")),
        Ok("88001234".into())
    );

    let forged = OfficeKey::from_seed([43; 32]).card_qr_text("88001234");
    assert_eq!(check(&public, &forged), Err(SignatureError::Forged));

    let altered = office
        .card_qr_text("88001234")
        .replacen("88001234", "88001235", 1);
    assert_eq!(check(&public, &altered), Err(SignatureError::Forged));
}

#[test]
fn a_card_with_its_holders_birth_date_round_trips_and_the_date_cannot_be_altered() {
    let office = OfficeKey::from_seed([42; 32]);
    let public = OfficePublicKey::from_hex(&office.public_hex()).unwrap();
    let born = chrono::NaiveDate::from_ymd_opt(1941, 3, 1);
    let qr = office.holder_card_qr_text("88001234", born);
    assert_eq!(check(&public, &qr), Ok("88001234".into()));
    let Content::MealCard(card) = classify(&qr).content else {
        panic!("a meal card")
    };
    assert_eq!(card.born.as_deref(), Some("1941-03-01"));
    // A younger date (a cheaper tier for nobody; a dearer one for the holder)
    // is refused: the date is signed.
    let altered = qr.replacen("1941-03-01", "1971-03-01", 1);
    assert_eq!(check(&public, &altered), Err(SignatureError::Forged));
}
