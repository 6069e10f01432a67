//! The kiosk's voice from the controller: each screen change hands its text
//! to the voice hook once (a tick does not repeat it), staff screens stop
//! it, a screen left untouched gets its reminder once, and the staff
//! screen's voice button cycles the volume.

mod support;

use std::cell::RefCell;
use std::rc::Rc;
use std::time::{Duration, Instant};

use canteen_ui::controller::next_volume;
use support::demo::Rig;

type Said = Rc<RefCell<Vec<Option<String>>>>;

fn listen(rig: &Rig) -> Said {
    let said: Said = Rc::default();
    let s = said.clone();
    rig.kiosk.set_voice(Box::new(move |text, _| {
        s.borrow_mut().push(text.map(str::to_owned))
    }));
    said
}

#[test]
fn each_screen_is_spoken_once_and_staff_screens_stop_the_voice() {
    let rig = Rig::new();
    let said = listen(&rig);
    assert_eq!(said.borrow().len(), 1, "the welcome screen, at once");
    assert!(said.borrow()[0].as_deref().unwrap().contains("请刷身份证"));
    rig.scan(&rig.number("85"));
    rig.kiosk.tick(Instant::now());
    rig.kiosk.render();
    {
        let s = said.borrow();
        assert_eq!(s.len(), 2, "{s:?}");
        assert!(s[1].as_deref().unwrap().contains("本餐十元"), "{s:?}");
    }
    // Half the idle timeout untouched: the reminder, once.
    let later = Instant::now() + rig.kiosk.idle_timeout() / 2 + Duration::from_millis(10);
    rig.kiosk.tick(later);
    rig.kiosk.tick(later + Duration::from_millis(10));
    {
        let s = said.borrow();
        assert_eq!(s.len(), 3, "{s:?}");
        assert!(s[2].as_deref().unwrap().contains("确认"), "{s:?}");
    }
    rig.tap("取消");
    rig.tap("工作人员");
    let s = said.borrow();
    assert_eq!(s.last(), Some(&None), "staff screens stop the voice: {s:?}");
}

#[test]
fn the_staff_voice_button_cycles_the_volume() {
    assert_eq!(
        [80, 70, 40, 0].map(next_volume),
        [70, 40, 0, 100],
        "80 → 70 → 40 → off → 100"
    );
    let rig = Rig::new();
    let said = listen(&rig);
    let volumes: Rc<RefCell<Vec<u8>>> = Rc::default();
    let v = volumes.clone();
    rig.kiosk
        .set_voice_volume(80, Box::new(move |x| v.borrow_mut().push(x)));
    rig.sign_in("1", "1234");
    assert!(rig.shows("音量 80%"));
    rig.tap("音量 80%");
    assert!(rig.shows("音量 70%"));
    rig.tap("音量 70%");
    rig.tap("音量 40%");
    assert!(rig.shows("静音"));
    rig.tap("静音");
    assert_eq!(*volumes.borrow(), vec![70, 40, 0, 100]);
    let samples = said
        .borrow()
        .iter()
        .filter(|t| t.as_deref() == Some("这是现在的音量。"))
        .count();
    assert_eq!(samples, 3, "a sample at each volume but off");
}
