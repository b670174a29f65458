// Puts IPAexGothic (the font the PDFs use) into public/fonts/ before `vite build`, so the window
// shows Japanese with a font the app carries, whatever fonts the PC has: a Windows 10 image of
// another language, or a stripped IoT LTSC image, may lack Yu Gothic and Meiryo. The font comes
// from Debian's fonts-ipaexfont-gothic (scripts/setup-system.sh) and is not committed.
import { copyFileSync, existsSync, mkdirSync } from "node:fs";

const candidates = [
  process.env.ONSHI_PRINT_FONT,
  "/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf",
  "/usr/share/fonts/truetype/ipaexfont-gothic/ipaexg.ttf",
].filter(Boolean);
const font = candidates.find((p) => existsSync(p));
if (!font) {
  console.error(
    "IPAexGothic (ipaexg.ttf) が見つかりません。scripts/setup-system.sh build で fonts-ipaexfont-gothic を入れるか、ONSHI_PRINT_FONT にファイルの場所を指定してください。",
  );
  process.exit(1);
}
mkdirSync(new URL("../public/fonts/", import.meta.url), { recursive: true });
copyFileSync(font, new URL("../public/fonts/ipaexg.ttf", import.meta.url));
