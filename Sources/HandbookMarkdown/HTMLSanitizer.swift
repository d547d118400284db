/// Makes raw HTML fragments from Markdown (cmark's HTML block and inline nodes) safe to
/// publish: tags and attributes outside a documentation allowlist are escaped or removed, and
/// URLs that run script are dropped.
///
/// It reads a fragment the way a browser's tokenizer would (tag names and attribute names end
/// where HTML says, quoted and unquoted values, comments, character references) and writes
/// every kept tag again from what it read, with each value re-quoted. Every `<` that does not
/// start a kept tag or comment is written as `&lt;`, so the browser can never find a tag the
/// sanitizer did not see. Text between tags is copied as it is.
package struct HTMLSanitizer: Sendable {
    /// One thing taken out of a fragment, where it was.
    package struct Removal: Sendable, Equatable, CustomStringConvertible {
        /// Byte offset of the removed attribute's name, or of the `<` of what was escaped.
        package var offset: Int
        /// What was removed and why, for a warning.
        package var message: String

        package var description: String { "@\(offset): \(message)" }
    }

    /// A fragment after sanitising.
    package struct Result: Sendable {
        /// The safe HTML.
        package var html: String
        /// What was escaped or removed, in the order found.
        package var removals: [Removal]
        /// Whether `html` differs from the fragment.
        package var changed: Bool
    }

    /// Creates a sanitiser with the documentation allowlist.
    package init() {}

    /// Sanitises one fragment.
    package func sanitize(_ fragment: String) -> Result {
        var text = fragment
        let (out, removals, same) = text.withUTF8 { bytes in
            var run = Run(input: bytes)
            run.sanitize()
            return (run.out, run.removals, run.out.count == bytes.count && run.out.elementsEqual(bytes))
        }
        // Most fragments are already clean: hand back the same string rather than a copy.
        return Result(html: same ? fragment : String(decoding: out, as: UTF8.self), removals: removals, changed: !same)
    }

    /// The line (from 0) and the byte offset within that line of each offset in `fragment`,
    /// in one pass: a pasted table may have a removal in every cell.
    package static func linesAndOffsets(of offsets: [Int], in fragment: String) -> [(line: Int, offsetInLine: Int)] {
        var result: [(line: Int, offsetInLine: Int)] = []
        result.reserveCapacity(offsets.count)
        var line = 0
        var lineStart = 0
        var utf8 = fragment.utf8.makeIterator()
        var position = 0
        for offset in offsets {
            // Removals come in the order found; an earlier offset would restart the count.
            if offset < position {
                (line, lineStart, position) = (0, 0, 0)
                utf8 = fragment.utf8.makeIterator()
            }
            while position < offset, let byte = utf8.next() {
                position += 1
                if byte == 10 {
                    line += 1
                    lineStart = position
                }
            }
            result.append((line, offset - lineStart))
        }
        return result
    }
}

// MARK: - The allowlist

extension HTMLSanitizer {
    /// Attributes any kept element may have.
    static let globalAttributes: Set<[UInt8]> = bytesSet(["title", "lang", "dir"])

    /// The elements documentation needs, each with the attributes it may have besides the
    /// global ones. Modelled on what GitHub keeps in READMEs: text-level markup, tables,
    /// disclosure widgets, images and links; nothing that runs script, loads a frame or an
    /// object, submits a form, styles the page or switches the HTML parser into another mode
    /// (`script`, `style`, `textarea`, `title`, `noscript`, `svg`, `math`, `template` ...).
    static let allowedElements: [[UInt8]: Set<[UInt8]>] = {
        var elements: [String: [String]] = [
            "a": ["href", "name", "id"],
            "abbr": [], "b": [], "bdi": [], "bdo": [], "blockquote": ["cite"], "br": [], "caption": [], "cite": [],
            "code": [], "col": ["span", "width"], "colgroup": ["span", "width"], "dd": [], "del": ["cite", "datetime"],
            "details": ["open"], "dfn": [], "div": ["class", "id", "align"], "dl": [], "dt": [], "em": [], "figcaption": [],
            "figure": [], "hr": [], "i": [], "img": ["src", "srcset", "alt", "width", "height", "align", "loading"],
            "ins": ["cite", "datetime"], "kbd": [], "li": ["value"], "mark": [], "ol": ["start", "type", "reversed"],
            "p": ["class", "id", "align"], "picture": [], "pre": [], "q": ["cite"], "rp": [], "rt": [], "ruby": [], "s": [],
            "samp": [], "small": [], "source": ["srcset", "media", "type", "width", "height"], "span": ["class", "id"],
            "strike": [], "strong": [], "sub": [], "summary": [], "sup": [], "table": ["align"], "tbody": [],
            "td": ["colspan", "rowspan", "align", "valign"], "tfoot": [],
            "th": ["colspan", "rowspan", "align", "valign", "scope"], "thead": [], "time": ["datetime"],
            "tr": ["align", "valign"], "tt": [], "u": [], "ul": [], "var": [], "wbr": [],
        ]
        for level in 1...6 { elements["h\(level)"] = ["id", "align"] }
        return Dictionary(uniqueKeysWithValues: elements.map { (Array($0.key.utf8), bytesSet($0.value)) })
    }()

    /// Attributes whose value is a URL; `srcset` holds a list of them.
    static let urlAttributes: Set<[UInt8]> = bytesSet(["href", "src", "cite", "srcset"])

    /// URL attributes that load an image, where `data:image/...` is fine.
    static let imageAttributes: Set<[UInt8]> = bytesSet(["src", "srcset"])

    private static func bytesSet(_ names: [String]) -> Set<[UInt8]> { Set(names.map { Array($0.utf8) }) }
}

// MARK: - One pass over a fragment

extension HTMLSanitizer {
    /// The state of sanitising one fragment.
    private struct Run {
        let input: UnsafeBufferPointer<UInt8>
        var out: [UInt8] = []
        var removals: [Removal] = []

        init(input: UnsafeBufferPointer<UInt8>) {
            self.input = input
            out.reserveCapacity(input.count + 16)
        }

        mutating func sanitize() {
            var index = 0
            var textStart = 0
            while let less = nextLessThan(from: index) {
                out.append(contentsOf: input[textStart..<less])
                index = markup(at: less)
                textStart = index
            }
            out.append(contentsOf: input[textStart...])
        }

        private func nextLessThan(from index: Int) -> Int? {
            var position = index
            while position < input.count {
                if input[position] == UInt8(ascii: "<") { return position }
                position += 1
            }
            return nil
        }

        /// Handles what starts with the `<` at `start`; returns where the text goes on.
        private mutating func markup(at start: Int) -> Int {
            let next = start + 1 < input.count ? input[start + 1] : 0
            if next.isASCIILetter || (next == UInt8(ascii: "/") && start + 2 < input.count && input[start + 2].isASCIILetter) {
                guard let tag = HTMLTag.read(input, at: start) else {
                    escape(start..<input.count)
                    remove(at: start, "a raw HTML tag `\(preview(start..<input.count))` is not closed with `>`; it is shown as text")
                    return input.count
                }
                write(tag, from: start)
                return tag.end
            }
            if next == UInt8(ascii: "!") {
                if starts(with: "<!--", at: start) { return comment(at: start) }
                return declaration(at: start, kind: "markup declaration")
            }
            if next == UInt8(ascii: "?") { return declaration(at: start, kind: "processing instruction") }
            // A `<` that starts nothing (`a < b`, `</ x>`) is text; written as `&lt;` it stays text.
            out += Array("&lt;".utf8)
            return start + 1
        }

        /// Writes a tag the allowlist keeps, or escapes one it does not.
        private mutating func write(_ tag: HTMLTag, from start: Int) {
            let name = Array(input[tag.name]).lowercasedASCII
            guard let allowed = HTMLSanitizer.allowedElements[name] else {
                escape(start..<tag.end)
                // A stray end tag is harmless text; its start tag carries the warning.
                if !tag.isEnd {
                    remove(at: start, "raw HTML <\(String(decoding: name, as: UTF8.self))> is not allowed; it is shown as text")
                }
                return
            }
            out.append(UInt8(ascii: "<"))
            if tag.isEnd {
                out.append(UInt8(ascii: "/"))
                out += name
                out.append(UInt8(ascii: ">"))
                return
            }
            out += name
            var seen = Set<[UInt8]>()
            let element = String(decoding: name, as: UTF8.self)
            for attribute in tag.attributes {
                let attributeName = Array(input[attribute.name]).lowercasedASCII
                // A browser keeps the first of repeated attributes: so does the output.
                guard seen.insert(attributeName).inserted else { continue }
                let shown = String(decoding: attributeName, as: UTF8.self)
                guard allowed.contains(attributeName) || HTMLSanitizer.globalAttributes.contains(attributeName) else {
                    remove(
                        at: attribute.name.lowerBound,
                        "removed `\(shown)` from <\(element)>: \(Self.reason(forAttribute: attributeName, on: element))")
                    continue
                }
                let raw = attribute.value.map { Array(input[$0]) } ?? []
                if HTMLSanitizer.urlAttributes.contains(attributeName) {
                    let value = CharacterReferences.decode(raw)
                    let image = HTMLSanitizer.imageAttributes.contains(attributeName)
                    let scheme =
                        attributeName == Array("srcset".utf8)
                        ? URLSafety.unsafeSchemeInSourceSet(value) : URLSafety.unsafeScheme(value, isImage: image)
                    if let scheme {
                        remove(at: attribute.name.lowerBound, "removed `\(shown)` from <\(element)>: \(URLSafety.reason(scheme: scheme))")
                        continue
                    }
                }
                out.append(UInt8(ascii: " "))
                out += attributeName
                guard attribute.value != nil else { continue }
                out += Array("=\"".utf8)
                // The value keeps its character references; only what could end or confuse the
                // quoted value is escaped, which a browser decodes back to the same value.
                for byte in raw {
                    switch byte {
                    case UInt8(ascii: "\""): out += Array("&quot;".utf8)
                    case UInt8(ascii: "<"): out += Array("&lt;".utf8)
                    case UInt8(ascii: ">"): out += Array("&gt;".utf8)
                    default: out.append(byte)
                    }
                }
                out.append(UInt8(ascii: "\""))
            }
            if tag.selfClosing { out += Array(" /".utf8) }
            out.append(UInt8(ascii: ">"))
        }

        private static func reason(forAttribute name: [UInt8], on element: String) -> String {
            if name.starts(with: Array("on".utf8)) { return "event handler attributes run script" }
            if name == Array("style".utf8) {
                return "inline styles are not allowed (they can load URLs and cover the page)"
            }
            return "not an attribute allowed on <\(element)>"
        }

        /// `<!-- ... -->`, kept as written when it is closed; the end is found as a browser finds
        /// it (`<!-->`, `<!--->`, `-->` or `--!>`), so what follows is never inside it.
        private mutating func comment(at start: Int) -> Int {
            let dataStart = start + 4
            var end: Int?
            if starts(with: ">", at: dataStart) {
                end = dataStart + 1
            } else if starts(with: "->", at: dataStart) {
                end = dataStart + 2
            } else {
                var position = dataStart
                while position + 2 < input.count {
                    if starts(with: "-->", at: position) {
                        end = position + 3
                        break
                    }
                    if starts(with: "--!>", at: position) {
                        end = position + 4
                        break
                    }
                    position += 1
                }
            }
            guard let end else {
                escape(start..<input.count)
                remove(at: start, "an HTML comment is not closed with `-->`; it is shown as text")
                return input.count
            }
            out.append(contentsOf: input[start..<end])
            return end
        }

        /// `<!DOCTYPE ...>`, `<![CDATA[ ... ]]>`, `<?...?>`: shown as text up to the first `>`.
        private mutating func declaration(at start: Int, kind: String) -> Int {
            var end = start + 1
            while end < input.count, input[end] != UInt8(ascii: ">") { end += 1 }
            end = min(end + 1, input.count)
            escape(start..<end)
            remove(at: start, "a raw HTML \(kind) `\(preview(start..<end))` is not allowed; it is shown as text")
            return end
        }

        /// Writes input bytes as text: `<` and `>` become references.
        private mutating func escape(_ range: Range<Int>) {
            for byte in input[range] {
                switch byte {
                case UInt8(ascii: "<"): out += Array("&lt;".utf8)
                case UInt8(ascii: ">"): out += Array("&gt;".utf8)
                default: out.append(byte)
                }
            }
        }

        private mutating func remove(at offset: Int, _ message: String) {
            removals.append(Removal(offset: offset, message: message))
        }

        private func starts(with text: StaticString, at index: Int) -> Bool {
            let count = text.utf8CodeUnitCount
            guard index + count <= input.count else { return false }
            return text.withUTF8Buffer { input[index..<index + count].elementsEqual($0) }
        }

        /// The first line of some input, shortened, for a message.
        private func preview(_ range: Range<Int>) -> String {
            var end = range.lowerBound
            while end < range.upperBound, input[end] != 10, end - range.lowerBound < 40 { end += 1 }
            let text = String(decoding: input[range.lowerBound..<end], as: UTF8.self)
            return end < range.upperBound ? text + "..." : text
        }
    }
}

// MARK: - Tags

/// A start or end tag read from bytes as an HTML tokenizer reads it.
struct HTMLTag {
    /// A name and, unless it stood alone, its value (without quotes, references undecoded).
    struct Attribute {
        var name: Range<Int>
        var value: Range<Int>?
    }

    var isEnd: Bool
    var name: Range<Int>
    var attributes: [Attribute]
    var selfClosing: Bool
    /// Just past the closing `>`.
    var end: Int

    /// Reads the tag whose `<` is at `start`; nil when the input ends before its `>`.
    static func read(_ input: UnsafeBufferPointer<UInt8>, at start: Int) -> HTMLTag? {
        var index = start + 1
        let isEnd = input[index] == UInt8(ascii: "/")
        if isEnd { index += 1 }
        let nameStart = index
        while index < input.count, !input[index].isHTMLSpace, input[index] != UInt8(ascii: "/"), input[index] != UInt8(ascii: ">") {
            index += 1
        }
        var tag = HTMLTag(isEnd: isEnd, name: nameStart..<index, attributes: [], selfClosing: false, end: index)
        while true {
            while index < input.count, input[index].isHTMLSpace { index += 1 }
            guard index < input.count else { return nil }
            switch input[index] {
            case UInt8(ascii: ">"):
                tag.end = index + 1
                return tag
            case UInt8(ascii: "/"):
                // `/` is only self-closing right before `>`; elsewhere it separates like a space.
                if index + 1 < input.count, input[index + 1] == UInt8(ascii: ">") {
                    tag.selfClosing = true
                    tag.end = index + 2
                    return tag
                }
                index += 1
                continue
            default: break
            }
            // The name's first character may be anything else, even `=`, `"` or `<`.
            let attributeStart = index
            index += 1
            while index < input.count, !input[index].isHTMLSpace, input[index] != UInt8(ascii: "/"), input[index] != UInt8(ascii: ">"),
                input[index] != UInt8(ascii: "=")
            {
                index += 1
            }
            var attribute = Attribute(name: attributeStart..<index, value: nil)
            var afterName = index
            while afterName < input.count, input[afterName].isHTMLSpace { afterName += 1 }
            if afterName < input.count, input[afterName] == UInt8(ascii: "=") {
                index = afterName + 1
                while index < input.count, input[index].isHTMLSpace { index += 1 }
                guard index < input.count else { return nil }
                let quote = input[index]
                if quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") {
                    let valueStart = index + 1
                    index = valueStart
                    while index < input.count, input[index] != quote { index += 1 }
                    guard index < input.count else { return nil }
                    attribute.value = valueStart..<index
                    index += 1
                } else {
                    // `>` right after `=` leaves the value empty; otherwise it runs to a space or `>`.
                    let valueStart = index
                    while index < input.count, !input[index].isHTMLSpace, input[index] != UInt8(ascii: ">") { index += 1 }
                    attribute.value = valueStart..<index
                }
            } else {
                index = afterName
            }
            tag.attributes.append(attribute)
        }
    }
}

extension UInt8 {
    var isASCIILetter: Bool { (self | 0x20) >= UInt8(ascii: "a") && (self | 0x20) <= UInt8(ascii: "z") }
    var isASCIIAlphanumeric: Bool { isASCIILetter || (self >= UInt8(ascii: "0") && self <= UInt8(ascii: "9")) }
    /// Tab, line feed, form feed, carriage return and space: what separates parts of a tag.
    var isHTMLSpace: Bool { self == 32 || self == 9 || self == 10 || self == 12 || self == 13 }
}

extension [UInt8] {
    var lowercasedASCII: [UInt8] { map { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") ? $0 + 32 : $0 } }
}
