//! Meal cards and bundles signed with the office's key: the key file is made
//! once and reused, a card's QR is a real PNG, and what the office signs
//! verifies with its public key while forged or altered ones do not.

use canteen_office::{card_png, keys};
use canteen_sync::signing::{Bundle, OfficeKey, OfficePublicKey, SignatureError, card_signed_text};

#[test]
fn the_office_key_persists_and_its_signatures_verify_only_unaltered() {
    let dir = tempfile::tempdir().unwrap();
    let key = keys::load_or_create(dir.path()).unwrap();
    let again = keys::load_or_create(dir.path()).unwrap();
    assert_eq!(key.public_hex(), again.public_hex());
    let public = OfficePublicKey::from_hex(&key.public_hex()).unwrap();

    let qr = key.card_qr_text("20261123");
    let (text, sig) = qr.rsplit_once(':').unwrap();
    assert_eq!(text, card_signed_text("20261123", None));
    assert_eq!(public.verify_card(text, sig), Ok(()));
    let forged = OfficeKey::from_seed([1; 32]).card_qr_text("20261123");
    assert_eq!(
        public.verify_card(text, forged.rsplit_once(':').unwrap().1),
        Err(SignatureError::Forged)
    );

    let bundle = Bundle {
        version: 1,
        issued_at: "t".into(),
        residents: None,
        menu_toml: Some("a,b\n".into()),
        pricing_toml: None,
        canteen_rules: None,
        dishes: None,
    };
    let mut signed = key.sign_bundle(&bundle);
    assert_eq!(public.verify_bundle(&signed), Ok(bundle));
    signed.bundle = signed.bundle.replace("a,b", "a,c");
    assert_eq!(public.verify_bundle(&signed), Err(SignatureError::Forged));
}

#[test]
fn a_card_qr_is_written_as_a_square_png_with_a_quiet_zone() {
    let dir = tempfile::tempdir().unwrap();
    let key = keys::load_or_create(dir.path()).unwrap();
    let path = dir.path().join("card.png");
    card_png::write(&key.card_qr_text("20261123"), &path).unwrap();
    let decoder = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(&path).unwrap()));
    let mut reader = decoder.read_info().unwrap();
    let mut pixels = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut pixels).unwrap();
    assert_eq!(info.width, info.height);
    assert!(info.width >= (21 + 8) * 8);
    let white_border = (0..info.width as usize * 32).all(|i| pixels[i] == 255);
    let some_black = pixels.contains(&0);
    assert!(white_border && some_black);
}
