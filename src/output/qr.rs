//! `--qr`: a link drawn as a QR code in the terminal, so a phone can pick it up.
//!
//! Two modules per character cell, with the Unicode half blocks `▀ ▄ █`. A scanner needs dark
//! modules on a light background: with colour on, each line is painted black on white so the
//! code reads right on any terminal theme; without colour, the light modules are the drawn ones,
//! which reads right on the usual dark background (as `qrencode -t UTF8` does).

use qrcode::render::unicode::Dense1x2;
use qrcode::{EcLevel, QrCode};

/// Black text on a bright white background.
const BLACK_ON_WHITE: &str = "\x1b[30;107m";
const RESET: &str = "\x1b[0m";

/// The QR code of `text` as lines of half blocks (with the quiet zone a scanner needs), or why
/// it cannot be drawn. `color` paints it black on white; otherwise it assumes a dark terminal.
pub fn render(text: &str, color: bool) -> Result<String, String> {
    // The lowest error correction keeps a long presigned URL (session tokens make them long)
    // as small as it can be; a screen has no smudges to correct.
    let code = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::L).map_err(|e| {
        format!(
            "the link is too long for a QR code ({} bytes): {e}",
            text.len()
        )
    })?;
    let renderer = |dark, light| {
        code.render::<Dense1x2>()
            .dark_color(dark)
            .light_color(light)
            .quiet_zone(true)
            .build()
    };
    let mut drawing = String::new();
    if color {
        for line in renderer(Dense1x2::Dark, Dense1x2::Light).lines() {
            drawing.push_str(&format!("{BLACK_ON_WHITE}{line}{RESET}\n"));
        }
    } else {
        drawing = renderer(Dense1x2::Light, Dense1x2::Dark);
        drawing.push('\n');
    }
    Ok(drawing)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reads a drawing back into modules: `true` for a dark module. Each character cell holds
    /// two modules, top and bottom; `drawn_is_dark` says what a drawn half block stands for.
    fn modules(drawing: &str, drawn_is_dark: bool) -> Vec<Vec<bool>> {
        let mut rows = Vec::new();
        for line in drawing.lines() {
            let line = line.replace(BLACK_ON_WHITE, "").replace(RESET, "");
            let (mut top, mut bottom) = (Vec::new(), Vec::new());
            for c in line.chars() {
                let (t, b) = match c {
                    ' ' => (false, false),
                    '▀' => (true, false),
                    '▄' => (false, true),
                    '█' => (true, true),
                    other => panic!("unexpected character {other:?} in the drawing"),
                };
                top.push(t == drawn_is_dark);
                bottom.push(b == drawn_is_dark);
            }
            rows.push(top);
            rows.push(bottom);
        }
        rows
    }

    /// Decodes modules the way a phone would see them, scaled up so each module is 4×4 pixels.
    fn decode(modules: &[Vec<bool>]) -> String {
        const SCALE: usize = 4;
        let (w, h) = (modules[0].len(), modules.len());
        let mut image = rqrr::PreparedImage::prepare_from_bitmap(w * SCALE, h * SCALE, |x, y| {
            modules[y / SCALE][x / SCALE]
        });
        let grids = image.detect_grids();
        assert_eq!(grids.len(), 1, "expected one QR code in the drawing");
        grids[0].decode().expect("the QR code decodes").1
    }

    const URL: &str = "https://bkt.s3.eu-west-1.amazonaws.com/reports/Q3%20final.pdf\
        ?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAEXAMPLE%2F20250101%2Feu-west-1\
        %2Fs3%2Faws4_request&X-Amz-Date=20250101T000000Z&X-Amz-Expires=3600\
        &X-Amz-SignedHeaders=host&X-Amz-Signature=0123456789abcdef0123456789abcdef\
        0123456789abcdef0123456789abcdef";

    #[test]
    fn the_drawing_decodes_to_the_link_on_a_dark_terminal() {
        let drawing = render(URL, false).unwrap();
        assert!(!drawing.contains('\x1b'), "no colour codes without colour");
        // Without colour the light modules are drawn: the quiet zone is all full blocks.
        assert!(drawing.lines().next().unwrap().chars().all(|c| c == '█'));
        assert_eq!(decode(&modules(&drawing, false)), URL);
    }

    #[test]
    fn the_coloured_drawing_is_black_on_white_and_decodes() {
        let drawing = render(URL, true).unwrap();
        assert!(drawing
            .lines()
            .all(|l| l.starts_with(BLACK_ON_WHITE) && l.ends_with(RESET)));
        assert_eq!(decode(&modules(&drawing, true)), URL);
    }

    #[test]
    fn a_wrong_drawing_does_not_decode_to_the_link() {
        // Guards the test itself: reading the polarity the wrong way round must not pass.
        let drawing = render("https://example.com/x", false).unwrap();
        let inverted = modules(&drawing, true);
        let (w, h) = (inverted[0].len(), inverted.len());
        let mut image =
            rqrr::PreparedImage::prepare_from_bitmap(w * 4, h * 4, |x, y| inverted[y / 4][x / 4]);
        let decoded: Vec<_> = image
            .detect_grids()
            .iter()
            .filter_map(|g| g.decode().ok())
            .map(|(_, text)| text)
            .collect();
        assert!(!decoded.contains(&"https://example.com/x".to_owned()));
    }

    #[test]
    fn a_link_too_long_for_any_qr_code_is_an_error() {
        let long = "x".repeat(4000);
        assert!(render(&long, false).unwrap_err().contains("too long"));
    }
}
