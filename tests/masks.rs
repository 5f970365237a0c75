//! The masks of emails and mobile numbers, and the redaction of bodies, on any input: no panic,
//! never the whole value back.

use enkash_rewards::redact::{is_secret_key, mask_email, mask_mobile, mask_pii, redact_body};
use enkash_rewards::validate::{is_email, is_indian_mobile};
use proptest::prelude::*;
use serde_json::json;

fn email() -> impl Strategy<Value = String> {
    "[a-z0-9][a-z0-9._+-]{0,20}@[a-z0-9]{1,12}(\\.[a-z0-9]{1,8}){0,2}\\.[a-z]{2,6}"
}

fn mobile() -> impl Strategy<Value = String> {
    "[6-9][0-9]{9}"
}

proptest! {
    #[test]
    fn masks_never_panic_on_any_text(s in "\\PC{0,40}", any in any::<String>()) {
        for text in [s.as_str(), any.as_str(), "", "@", "x", "é", "@@", "a@", "@b.c", "👩‍💻@例え.jp"] {
            let (e, m, p) = (mask_email(text), mask_mobile(text), mask_pii(text));
            if !text.is_empty() && !text.contains('*') {
                prop_assert_ne!(&e, text);
                prop_assert_ne!(&m, text);
            }
            // Only emails and digit runs change: text without `@` or a digit comes back as it was.
            if !text.contains('@') && !text.chars().any(|c| c.is_ascii_digit()) {
                prop_assert_eq!(&p, text);
            }
        }
    }

    #[test]
    fn an_email_never_comes_back_whole(e in email()) {
        prop_assume!(is_email(&e));
        let masked = mask_email(&e);
        prop_assert!(!masked.contains(&e), "{} -> {}", e, masked);
        prop_assert!(masked.contains("***@"), "{} -> {}", e, masked);
        let in_text = mask_pii(&format!("no card for {e}, write to {e}."));
        prop_assert!(!in_text.contains(&e), "{}", in_text);
        prop_assert!(in_text.starts_with("no card for ") && in_text.ends_with('.'), "{}", in_text);
    }

    #[test]
    fn a_mobile_never_comes_back_whole(m in mobile(), prefix in "(\\+91|91|0)?") {
        prop_assert!(is_indian_mobile(&m));
        let masked = mask_mobile(&m);
        prop_assert!(!masked.contains(&m), "{} -> {}", m, masked);
        prop_assert_eq!(masked.chars().count(), 10);
        let text = format!("mobile {prefix}{m} is blocked");
        let in_text = mask_pii(&text);
        prop_assert!(!in_text.contains(&m), "{}", in_text);
        prop_assert!(in_text.starts_with("mobile ") && in_text.ends_with(" is blocked"), "{}", in_text);
    }

    #[test]
    fn redaction_never_panics_and_hides_every_secret_key(key in "[A-Za-z_-]{0,8}", value in "[a-z0-9]{6,12}", any in any::<String>()) {
        let _ = redact_body(&any);
        for secret in ["token", "Secret", "PASSWORD", "pin", "CardNumber", "authorization", "cvv"] {
            // `pin` straight before a `g` is the `ping` exception (`shipping`): a separator after it.
            let name = if secret == "pin" { format!("{key}pin_{key}") } else { format!("{key}{secret}{key}") };
            prop_assert!(is_secret_key(&name), "{}", name);
            let body = json!({"outer": [{ name.clone(): value.clone() }]}).to_string();
            let out = redact_body(&body);
            prop_assert!(!out.contains(&format!("\"{value}\"")), "{} -> {}", body, out);
        }
    }
}

#[test]
fn the_pin_rule_keeps_ping_words_and_hides_postal_pin_codes() {
    // `ping` words are not PINs: an address or a mapping stays readable in a body.
    for key in ["shipping", "shippingAddress", "mapping", "wrapping", "typing", "PING"] {
        assert!(!is_secret_key(key), "{key}");
    }
    let body = json!({"shippingAddress": {"city": "Pune"}, "mapping": "a", "pinCode": "411001", "voucherPin": "9911"}).to_string();
    let out = redact_body(&body);
    assert!(out.contains("Pune") && out.contains("\"mapping\":\"a\""), "{out}");
    // A PIN code (postal or not) is hidden: the same names carry voucher PINs elsewhere.
    assert!(!out.contains("411001") && !out.contains("9911"), "{out}");
    for key in ["PIN_CODE", "pincode", "pinCode", "voucherPinGenerated", "refresh_token", "X-Access-Token", "clientSecretKey", "userPassword"] {
        assert!(is_secret_key(key), "{key}");
    }
}
