//! A QR code as an SVG path, for the TOTP enrolment's `otpauth://` URI: the
//! `qrcode` crate lays out the modules (error correction level M), this
//! module turns the dark ones into one path of horizontal runs, with the
//! four-module quiet zone scanners need around it.

use qrcode::{Color, EcLevel, QrCode};

/// Modules of light margin on each side (the QR specification's minimum).
pub const QUIET_ZONE: usize = 4;

/// A QR code ready to draw.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QrPicture {
    /// Modules per side, quiet zone included (the SVG `viewBox` size).
    pub size: usize,
    /// The dark modules as SVG path data, in module units.
    pub path: String,
}

/// The QR code of `text` at error correction level M, or why none fits.
pub fn qr_picture(text: &str) -> Result<QrPicture, String> {
    let code = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M)
        .map_err(|e| format!("no QR code for this text: {e}"))?;
    let width = code.width();
    let colors = code.to_colors();
    let path = dark_runs_path(width, |x, y| colors[y * width + x] == Color::Dark);
    Ok(QrPicture {
        size: width + 2 * QUIET_ZONE,
        path,
    })
}

/// SVG path data covering every dark module of a `width`×`width` grid,
/// shifted by the quiet zone: one `M x y h n v1 h-n z` rectangle per
/// horizontal run of dark modules.
fn dark_runs_path(width: usize, dark: impl Fn(usize, usize) -> bool) -> String {
    let mut path = String::new();
    for y in 0..width {
        let mut x = 0;
        while x < width {
            if !dark(x, y) {
                x += 1;
                continue;
            }
            let start = x;
            while x < width && dark(x, y) {
                x += 1;
            }
            let run = x - start;
            path.push_str(&format!(
                "M{} {}h{run}v1h-{run}z",
                start + QUIET_ZONE,
                y + QUIET_ZONE
            ));
        }
    }
    path
}

#[cfg(test)]
mod tests {
    use super::*;
    use qrcode::Version;

    /// The grid a path produced by [`dark_runs_path`] paints, as `#`/`.`
    /// rows (quiet zone removed).
    fn paint(path: &str, size: usize) -> String {
        let width = size - 2 * QUIET_ZONE;
        let mut grid = vec![vec!['.'; width]; width];
        for rect in path.split('z').filter(|r| !r.is_empty()) {
            let rest = rect.strip_prefix('M').expect("each run starts with M");
            let (xy, tail) = rest.split_once('h').expect("then h");
            let (x, y) = xy.split_once(' ').expect("x y");
            let run: usize = tail.split_once('v').expect("then v").0.parse().unwrap();
            assert!(
                tail.ends_with(&format!("v1h-{run}")),
                "closed rectangle: {rect}"
            );
            let (x, y): (usize, usize) = (x.parse().unwrap(), y.parse().unwrap());
            for cell in &mut grid[y - QUIET_ZONE][x - QUIET_ZONE..x - QUIET_ZONE + run] {
                assert_eq!(*cell, '.', "runs never overlap");
                *cell = '#';
            }
        }
        grid.into_iter()
            .map(|row| row.into_iter().collect::<String>())
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// ISO/IEC 18004 Annex I: "01234567" as a version 1-M symbol.
    const ANNEX_I: &str = "\
#######..#.##.#######
#.....#..####.#.....#
#.###.#.#.....#.###.#
#.###.#.##....#.###.#
#.###.#.#.###.#.###.#
#.....#.#...#.#.....#
#######.#.#.#.#######
........#..##........
#.#####..#..#.#####..
...#.#.##.#.#..#.##..
..#...##.#.#.#..#####
....#....#.....####..
...######..#.#..#....
........#.#####..##..
#######..##.#.##.....
#.....#.#.#####...#.#
#.###.#.#...#..#.##..
#.###.#.##..#..#.....
#.###.#.#.##.#..#.#..
#.....#........##.##.
#######.####.#..#.#..";

    #[test]
    fn the_path_paints_exactly_the_annex_i_symbol() {
        let code = QrCode::with_version(b"01234567", Version::Normal(1), EcLevel::M).expect("fits");
        let colors = code.to_colors();
        let path = dark_runs_path(21, |x, y| colors[y * 21 + x] == Color::Dark);
        assert_eq!(paint(&path, 21 + 2 * QUIET_ZONE), ANNEX_I);
        // Runs, not modules: the top row's finder patterns are one rectangle each.
        assert!(
            path.starts_with("M4 4h7v1h-7zM13 4h1v1h-1zM15 4h2v1h-2zM18 4h7v1h-7zM4 5h1v1h-1z"),
            "{path}"
        );
    }

    #[test]
    fn an_otpauth_uri_fits_a_small_symbol_with_its_finder_patterns() {
        let uri = "otpauth://totp/cognito-wasm:demo-user?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=cognito-wasm";
        let picture = qr_picture(uri).expect("a QR code");
        let width = picture.size - 2 * QUIET_ZONE;
        assert!(
            (21..=57).contains(&width),
            "version 1 to 10, got width {width}"
        );
        let grid: Vec<Vec<char>> = paint(&picture.path, picture.size)
            .lines()
            .map(|l| l.chars().collect())
            .collect();
        let finder = [
            "#######", "#.....#", "#.###.#", "#.###.#", "#.###.#", "#.....#", "#######",
        ];
        for (ox, oy) in [(0, 0), (width - 7, 0), (0, width - 7)] {
            for (dy, row) in finder.iter().enumerate() {
                let got: String = grid[oy + dy][ox..ox + 7].iter().collect();
                assert_eq!(&got, row, "finder at ({ox}, {oy}) row {dy}");
            }
        }
    }

    #[test]
    fn text_too_long_for_any_symbol_is_refused() {
        assert!(qr_picture(&"x".repeat(4000)).is_err());
    }
}
