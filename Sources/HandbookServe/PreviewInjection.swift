import Foundation
import HandbookBuild
import HandbookRender

/// The markup the preview adds to HTML pages it serves, and only there: the live-reload script
/// and, while the content has errors, the overlay that lists them. Built sites never carry it.
enum PreviewInjection {
    /// The path of the server-sent events stream the script listens to.
    static let eventsPath = "/__handbook/events"

    /// `html` with the script (and the overlay, if any) inserted before its last `</body>`, or
    /// appended when it has none.
    static func inject(into html: Data, generation: Int, overlay: String?) -> Data {
        var addition = overlay ?? ""
        addition += script(generation: generation)
        let bytes = [UInt8](html)
        let marker = Array("</body>".utf8)
        var insertAt = bytes.count
        if bytes.count >= marker.count {
            for start in stride(from: bytes.count - marker.count, through: 0, by: -1)
            where bytes[start..<start + marker.count].elementsEqual(marker, by: { lowercase($0) == $1 }) {
                insertAt = start
                break
            }
        }
        var result = Data(bytes[..<insertAt])
        result.append(Data(addition.utf8))
        result.append(Data(bytes[insertAt...]))
        return result
    }

    private static func lowercase(_ byte: UInt8) -> UInt8 {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte + 32 : byte
    }

    /// The overlay for a build with errors: each diagnostic as `file:line:col: message` and its
    /// hint, every text escaped; one line, so it also fits in one server-sent event.
    static func overlay(for diagnostics: [Diagnostic]) -> String {
        let items = diagnostics.map { diagnostic in
            var item = "<li><code>\(escape(diagnostic.location.description))</code>: \(escape(diagnostic.severity.rawValue)): "
            item += escape(diagnostic.message)
            if let hint = diagnostic.hint { item += "<br><small>hint: \(escape(hint))</small>" }
            return item + "</li>"
        }
        let count = diagnostics.filter { $0.severity == .error }.count
        let title = "The last build failed with \(count) error\(count == 1 ? "" : "s"); this is the last good site."
        return #"<div id="__handbook-overlay" role="alert" style="\#(overlayStyle)">"#
            + #"<button type="button" onclick="this.parentNode.remove()" style="float:right;font:inherit">Hide</button>"#
            + "<strong>\(escape(title))</strong><ul style=\"margin:.5em 0 0;padding-left:1.2em\">\(items.joined())</ul>"
            + "<small>Fix the file and save: the page reloads.</small></div>"
    }

    private static let overlayStyle =
        "position:fixed;z-index:2147483647;left:1rem;right:1rem;bottom:1rem;max-height:60vh;overflow:auto;"
        + "padding:1rem;border:3px solid #b00020;border-radius:8px;background:#fff;color:#111;"
        + "font:14px/1.4 ui-monospace,monospace;box-shadow:0 4px 24px rgba(0,0,0,.3);white-space:pre-wrap"

    /// Escapes text for HTML content and attribute values, as pages do (`HTML.escape`); newlines
    /// become character references so the overlay stays one line.
    static func escape(_ text: String) -> String {
        HTML.escape(text).replacingOccurrences(of: "\r", with: "&#13;").replacingOccurrences(of: "\n", with: "&#10;")
    }

    /// Listens for the preview's events: `reload` reloads the page, `errors` replaces the overlay.
    /// `since` lets the server tell a page that missed an event while it loaded.
    static func script(generation: Int) -> String {
        """
        <script>(function () {
          if (!window.EventSource) return;
          var source = new EventSource("\(eventsPath)?since=\(generation)");
          source.addEventListener("reload", function () { source.close(); location.reload(); });
          source.addEventListener("errors", function (event) {
            var old = document.getElementById("__handbook-overlay");
            if (old) old.remove();
            document.body.insertAdjacentHTML("beforeend", event.data);
          });
        })();</script>
        """
    }
}
