/// Which URLs run script when a reader follows or loads them, for links and images written in
/// Markdown and for URL attributes of raw HTML.
package enum URLSafety {
    /// Schemes that run script wherever they are followed.
    static let scriptSchemes: Set<[UInt8]> = [Array("javascript".utf8), Array("vbscript".utf8), Array("livescript".utf8)]

    /// Image types a `data:` URL may have where an image is loaded (`<img src>`): a browser
    /// shows them as pictures and runs nothing. SVG is left out: opened on its own, it may.
    static let dataImageTypes: Set<[UInt8]> = Set(
        ["image/png", "image/gif", "image/jpeg", "image/jpg", "image/webp", "image/avif", "image/bmp", "image/x-icon"].map {
            Array($0.utf8)
        })

    /// The lower-cased scheme of `url` when following or loading it could run script:
    /// `javascript`, `vbscript`, or `data` (unless a raster image where an image is loaded);
    /// nil when it is safe. Spaces and control characters anywhere before the `:` are
    /// skipped, as old browsers did, so `java\tscript:` counts too.
    package static func unsafeScheme(_ url: String, isImage: Bool) -> String? {
        // Every link of every page comes here: most have no `:` before their path, query or
        // fragment, and are let through without a copy.
        for byte in url.utf8 {
            if byte == UInt8(ascii: ":") { return unsafeScheme(url.utf8, isImage: isImage) }
            if byte == UInt8(ascii: "/") || byte == UInt8(ascii: "?") || byte == UInt8(ascii: "#") { return nil }
        }
        return nil
    }

    /// The same for UTF-8 bytes (character references already decoded).
    static func unsafeScheme(_ url: some Collection<UInt8>, isImage: Bool) -> String? {
        var scheme: [UInt8] = []
        var index = url.startIndex
        var colon = false
        while index != url.endIndex {
            let byte = url[index]
            index = url.index(after: index)
            if byte <= 0x20 || byte == 0x7F { continue }
            if byte == UInt8(ascii: ":") {
                colon = true
                break
            }
            // Letters, digits, `+`, `-`, `.`: anything else means there is no scheme.
            guard byte.isASCIIAlphanumeric || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "."),
                scheme.count < 32
            else { return nil }
            scheme.append(byte | (byte.isASCIILetter ? 0x20 : 0))
        }
        guard colon, scheme.first?.isASCIILetter == true else { return nil }
        if scriptSchemes.contains(scheme) { return String(decoding: scheme, as: UTF8.self) }
        guard scheme == Array("data".utf8) else { return nil }
        if isImage {
            var type: [UInt8] = []
            while index != url.endIndex, url[index] != UInt8(ascii: ";"), url[index] != UInt8(ascii: ",") {
                if url[index] > 0x20 { type.append(url[index] | (url[index].isASCIILetter ? 0x20 : 0)) }
                index = url.index(after: index)
            }
            if dataImageTypes.contains(type) { return nil }
        }
        return "data"
    }

    /// The first unsafe scheme among the candidates of a `srcset` (`a.png 1x, b.png 2x`).
    static func unsafeSchemeInSourceSet(_ value: [UInt8]) -> String? {
        var index = 0
        while index < value.count {
            while index < value.count, value[index].isHTMLSpace || value[index] == UInt8(ascii: ",") { index += 1 }
            let start = index
            while index < value.count, !value[index].isHTMLSpace { index += 1 }
            var end = index
            let trailingCommas = end > start && value[end - 1] == UInt8(ascii: ",")
            while end > start, value[end - 1] == UInt8(ascii: ",") { end -= 1 }
            if end > start, let scheme = unsafeScheme(value[start..<end], isImage: true) { return scheme }
            if trailingCommas { continue }
            // Descriptors (`2x`, `100w`) run to the next comma outside parentheses.
            var depth = 0
            while index < value.count {
                let byte = value[index]
                index += 1
                if byte == UInt8(ascii: "(") { depth += 1 }
                if byte == UInt8(ascii: ")") { depth -= 1 }
                if byte == UInt8(ascii: ","), depth <= 0 { break }
            }
        }
        return nil
    }

    /// Why a URL with this scheme was removed, for a warning.
    package static func reason(scheme: String) -> String {
        scheme == "data"
            ? "data: URLs can hold pages that run script (only PNG, GIF, JPEG, WebP, AVIF, BMP and ICO images may be data: URLs)"
            : "\(scheme): URLs run script"
    }
}
