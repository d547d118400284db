import Foundation

/// Reads built HTML the way a browser's tokenizer finds tags, to check what a reader's browser
/// would run. Written apart from the sanitiser so that a mistake in one is not in the other.
enum OutputScanner {
    /// A start tag: its lower-cased name, its attributes with their values decoded, and its text.
    struct Tag {
        var name: String
        var attributes: [(name: String, value: String)]
        var source: String

        func value(_ name: String) -> String? { attributes.first { $0.name == name }?.value }
    }

    /// Every start tag of a document, comments skipped.
    static func startTags(in html: String) -> [Tag] {
        let bytes = Array(html.utf8)
        var tags: [Tag] = []
        var index = 0
        func at(_ text: String, _ position: Int) -> Bool {
            let pattern = Array(text.utf8)
            return position + pattern.count <= bytes.count && Array(bytes[position..<position + pattern.count]) == pattern
        }
        func isSpace(_ byte: UInt8) -> Bool { byte == 32 || byte == 9 || byte == 10 || byte == 12 || byte == 13 }
        while index < bytes.count {
            guard bytes[index] == UInt8(ascii: "<") else {
                index += 1
                continue
            }
            if at("<!--", index) {
                var end = index + 4
                if at(">", end) || at("->", end) {
                    index = end + (at(">", end) ? 1 : 2)
                    continue
                }
                while end < bytes.count, !at("-->", end), !at("--!>", end) { end += 1 }
                index = end + 3
                continue
            }
            let start = index
            index += 1
            guard index < bytes.count, (bytes[index] | 0x20) >= UInt8(ascii: "a"), (bytes[index] | 0x20) <= UInt8(ascii: "z") else {
                continue
            }
            let nameStart = index
            while index < bytes.count, !isSpace(bytes[index]), bytes[index] != UInt8(ascii: "/"), bytes[index] != UInt8(ascii: ">") {
                index += 1
            }
            var tag = Tag(name: String(decoding: bytes[nameStart..<index], as: UTF8.self).lowercased(), attributes: [], source: "")
            while index < bytes.count, bytes[index] != UInt8(ascii: ">") {
                if isSpace(bytes[index]) || bytes[index] == UInt8(ascii: "/") {
                    index += 1
                    continue
                }
                let attributeStart = index
                index += 1
                while index < bytes.count, !isSpace(bytes[index]), !"/>=".utf8.contains(bytes[index]) { index += 1 }
                let name = String(decoding: bytes[attributeStart..<index], as: UTF8.self).lowercased()
                while index < bytes.count, isSpace(bytes[index]) { index += 1 }
                var value = ""
                if index < bytes.count, bytes[index] == UInt8(ascii: "=") {
                    index += 1
                    while index < bytes.count, isSpace(bytes[index]) { index += 1 }
                    if index < bytes.count, bytes[index] == UInt8(ascii: "\"") || bytes[index] == UInt8(ascii: "'") {
                        let quote = bytes[index]
                        let valueStart = index + 1
                        index = valueStart
                        while index < bytes.count, bytes[index] != quote { index += 1 }
                        value = String(decoding: bytes[valueStart..<min(index, bytes.count)], as: UTF8.self)
                        index += 1
                    } else {
                        let valueStart = index
                        while index < bytes.count, !isSpace(bytes[index]), bytes[index] != UInt8(ascii: ">") { index += 1 }
                        value = String(decoding: bytes[valueStart..<index], as: UTF8.self)
                    }
                }
                tag.attributes.append((name, decodeReferences(value)))
            }
            index = min(index + 1, bytes.count)
            tag.source = String(decoding: bytes[start..<index], as: UTF8.self)
            tags.append(tag)
            // Script and style content is not markup; the theme's scripts are empty anyway.
            if tag.name == "script" || tag.name == "style" {
                while index < bytes.count, !at("</\(tag.name)", index), !at("</\(tag.name.uppercased())", index) { index += 1 }
            }
        }
        return tags
    }

    /// Numeric references and the named ones that spell URL schemes.
    static func decodeReferences(_ value: String) -> String {
        guard value.contains("&") else { return value }
        let named = [
            "colon": ":", "Tab": "\t", "NewLine": "\n", "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "sol": "/",
            "lpar": "(", "rpar": ")", "period": ".",
        ]
        var out = ""
        var rest = Substring(value)
        while let amp = rest.firstIndex(of: "&") {
            out += rest[..<amp]
            rest = rest[rest.index(after: amp)...]
            if rest.hasPrefix("#") {
                var digits = rest.dropFirst()
                let hex = digits.hasPrefix("x") || digits.hasPrefix("X")
                if hex { digits = digits.dropFirst() }
                let number = digits.prefix { hex ? $0.isHexDigit : $0.isNumber }
                if let code = UInt32(number, radix: hex ? 16 : 10), let scalar = Unicode.Scalar(code) {
                    out.unicodeScalars.append(scalar)
                    rest = digits.dropFirst(number.count)
                    if rest.hasPrefix(";") { rest = rest.dropFirst() }
                    continue
                }
            }
            let name = rest.prefix { $0.isLetter }
            if let char = named[String(name)], rest.dropFirst(name.count).hasPrefix(";") {
                out += char
                rest = rest.dropFirst(name.count + 1)
                continue
            }
            out += "&"
        }
        return out + rest
    }

    /// Whether a URL runs script when followed or loaded: spaces and controls anywhere are
    /// ignored, as old browsers did; data: is fine only for raster images.
    static func runsScript(_ url: String) -> Bool {
        let squeezed = String(url.unicodeScalars.filter { $0.value > 0x20 && $0.value != 0x7F }).lowercased()
        for scheme in ["javascript:", "vbscript:", "livescript:"] where squeezed.hasPrefix(scheme) { return true }
        guard squeezed.hasPrefix("data:") else { return false }
        return !["data:image/png", "data:image/gif", "data:image/jpeg", "data:image/webp"].contains { squeezed.hasPrefix($0) }
    }
}
