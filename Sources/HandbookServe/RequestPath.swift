/// What a request's path names in the site, decided from the path alone.
///
/// The preview serves only the in-memory files of the last good build, never the disk, so a
/// path can at worst name a file of the site. Paths that try to leave the site anyway (`..`,
/// encoded slashes, backslashes, NUL, `//`) are refused before any look-up, so that a probe
/// gets a plain 403 rather than a page that happens to exist.
enum RequestPath: Equatable {
    /// A file of the site, by its path inside the site (`roles/index.html`).
    case file(String)
    /// A folder asked for without its trailing slash: send the browser to this path, so that
    /// the page's relative links resolve.
    case redirect(String)
    /// Not in the site: the 404 page.
    case notFound
    /// A path that tries to leave the site or hide what it names: 403.
    case forbidden

    /// Resolves the raw request path (as sent, still percent-encoded, without the query) against
    /// the files of the site.
    static func resolve(_ raw: String, exists: (String) -> Bool) -> RequestPath {
        guard let segments = segments(of: raw) else { return .forbidden }
        let path = segments.joined(separator: "/")
        if segments.isEmpty || raw.hasSuffix("/") {
            let index = path.isEmpty ? "index.html" : path + "/index.html"
            return exists(index) ? .file(index) : .notFound
        }
        if exists(path) { return .file(path) }
        if exists(path + "/index.html") { return .redirect(raw + "/") }
        return .notFound
    }

    /// The decoded segments of a safe path, or nil when the path must be refused.
    static func segments(of raw: String) -> [String]? {
        guard raw.hasPrefix("/"), !raw.hasPrefix("//") else { return nil }
        // An encoded `/` or `\` would be one segment here and a separator to a file system.
        let lowered = raw.lowercased()
        guard !raw.contains("\\"), !lowered.contains("%2f"), !lowered.contains("%5c") else { return nil }
        var parts = raw.dropFirst().split(separator: "/", omittingEmptySubsequences: false)
        if parts.last?.isEmpty == true { parts.removeLast() }
        var segments: [String] = []
        for part in parts {
            // Percent-escapes are decoded exactly once: `%252e` stays the name `%2e`.
            guard let segment = decode(part), !segment.isEmpty, segment != ".", segment != ".." else { return nil }
            guard !segment.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else { return nil }
            segments.append(segment)
        }
        return segments
    }

    /// Decodes `%XX` escapes; nil for a broken escape or bytes that are not UTF-8.
    static func decode(_ text: Substring) -> String? {
        var bytes: [UInt8] = []
        var utf8 = text.utf8[...]
        while let byte = utf8.popFirst() {
            guard byte == UInt8(ascii: "%") else {
                bytes.append(byte)
                continue
            }
            guard let high = utf8.popFirst().flatMap(hexValue), let low = utf8.popFirst().flatMap(hexValue) else { return nil }
            bytes.append(high << 4 | low)
        }
        return String(validating: bytes, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
