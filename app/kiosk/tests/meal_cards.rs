//! A meal card issued by the office passes the scanner's classifier and the
//! kiosk's offline signature check with the office's public key; a forged or
//! altered card is well-formed to the classifier but refused by the check.

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
