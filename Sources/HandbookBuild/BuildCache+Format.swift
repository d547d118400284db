import Foundation
import HandbookRender

/// A cache file's bytes were not what `CacheWriter` writes: the entry, or the file, is not used.
struct CacheFormatError: Error {}

/// Writes the build cache's binary format: unsigned LEB128 counts, zigzag LEB128 integers,
/// strings as their UTF-8 length and bytes, optionals behind a 0 or 1 byte. JSON for 10,000
/// bodies took several times longer to write and to read, and escaped every `<` of the HTML.
struct CacheWriter {
    var bytes: [UInt8] = []

    init(capacity: Int) {
        bytes.reserveCapacity(capacity)
    }

    mutating func byte(_ value: UInt8) {
        bytes.append(value)
    }

    /// A count or length, never negative.
    mutating func count(_ value: Int) {
        var rest = UInt64(max(0, value))
        while rest >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
    }

    /// Any integer (a line, a heading level), small ones in one byte.
    mutating func integer(_ value: Int) {
        let zigzag = (UInt64(bitPattern: Int64(value)) << 1) ^ UInt64(bitPattern: Int64(value) >> 63)
        var rest = zigzag
        while rest >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
    }

    mutating func flag(_ value: Bool) {
        bytes.append(value ? 1 : 0)
    }

    mutating func string(_ value: String) {
        var value = value
        value.withUTF8 { utf8 in
            count(utf8.count)
            bytes.append(contentsOf: utf8)
        }
    }

    mutating func string(_ value: String?) {
        flag(value != nil)
        if let value { string(value) }
    }

    mutating func strings(_ values: [String]) {
        count(values.count)
        for value in values { string(value) }
    }

    /// Bytes as they are, after their count.
    mutating func byteArray(_ values: [UInt8]) {
        count(values.count)
        bytes += values
    }

    /// What `write` adds, after its length in four bytes, which are filled in once it is
    /// written: an entry goes straight into its file's bytes, not through a copy.
    mutating func sized(_ write: (inout CacheWriter) -> Void) {
        let start = bytes.count
        bytes.append(contentsOf: [0, 0, 0, 0])
        write(&self)
        let size = UInt32(clamping: bytes.count - start - 4)
        for index in 0..<4 { bytes[start + index] = UInt8(truncatingIfNeeded: size >> (8 * UInt32(index))) }
    }

    mutating func digest(_ value: KeyDigest) {
        withUnsafeBytes(of: value.high.littleEndian) { bytes.append(contentsOf: $0) }
        withUnsafeBytes(of: value.low.littleEndian) { bytes.append(contentsOf: $0) }
    }
}

/// Reads what `CacheWriter` wrote, checking every length against the bytes there are.
struct CacheReader {
    private let bytes: UnsafeBufferPointer<UInt8>
    private var offset = 0
    /// Where `bytes` starts in its file, for the ranges `skip` returns.
    private let base: Int

    init(_ bytes: UnsafeBufferPointer<UInt8>, base: Int = 0) {
        self.bytes = bytes
        self.base = base
    }

    var isAtEnd: Bool { offset == bytes.count }

    mutating func byte() throws(CacheFormatError) -> UInt8 {
        guard offset < bytes.count else { throw CacheFormatError() }
        defer { offset += 1 }
        return bytes[offset]
    }

    private mutating func varint() throws(CacheFormatError) -> UInt64 {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let next = try byte()
            guard shift < 64 else { throw CacheFormatError() }
            value |= UInt64(next & 0x7f) << shift
            if next & 0x80 == 0 { return value }
            shift += 7
        }
    }

    /// A count or length, which can be no more than the bytes left: a damaged count never
    /// makes a reader reserve gigabytes.
    mutating func count() throws(CacheFormatError) -> Int {
        let value = try varint()
        guard value <= UInt64(bytes.count - offset) else { throw CacheFormatError() }
        return Int(value)
    }

    /// A length written by `CacheWriter.sized`.
    mutating func size() throws(CacheFormatError) -> Int {
        var size = 0
        for index in 0..<4 { size |= Int(try byte()) << (8 * index) }
        guard size <= bytes.count - offset else { throw CacheFormatError() }
        return size
    }

    mutating func integer() throws(CacheFormatError) -> Int {
        let zigzag = try varint()
        return Int(Int64(bitPattern: (zigzag >> 1) ^ (0 &- (zigzag & 1))))
    }

    mutating func flag() throws(CacheFormatError) -> Bool {
        switch try byte() {
        case 0: return false
        case 1: return true
        default: throw CacheFormatError()
        }
    }

    /// Skips `length` bytes; returns where they are in the file.
    mutating func skip(_ length: Int) throws(CacheFormatError) -> Range<Int> {
        guard length <= bytes.count - offset else { throw CacheFormatError() }
        defer { offset += length }
        return (base + offset)..<(base + offset + length)
    }

    mutating func string() throws(CacheFormatError) -> String {
        let length = try count()
        defer { offset += length }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[offset..<(offset + length)]), as: UTF8.self)
    }

    mutating func optionalString() throws(CacheFormatError) -> String? {
        try flag() ? try string() : nil
    }

    mutating func strings() throws(CacheFormatError) -> [String] {
        let count = try count()
        var values: [String] = []
        values.reserveCapacity(count)
        for _ in 0..<count { values.append(try string()) }
        return values
    }

    mutating func byteArray() throws(CacheFormatError) -> [UInt8] {
        let length = try count()
        defer { offset += length }
        return Array(bytes[offset..<(offset + length)])
    }

    mutating func digest() throws(CacheFormatError) -> KeyDigest {
        guard bytes.count - offset >= 16 else { throw CacheFormatError() }
        let raw = UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes[offset..<(offset + 16)]))
        offset += 16
        return KeyDigest(
            high: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 0, as: UInt64.self)),
            low: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self)))
    }
}

// MARK: - What the cache holds

extension CacheWriter {
    /// A rendered body, every field of it.
    mutating func renderedPage(_ page: RenderedPage) {
        string(page.body.html)
        string(page.body.heading)
        string(page.body.headingID)
        count(page.body.toc.count)
        for entry in page.body.toc {
            integer(entry.level)
            string(entry.text)
            string(entry.id)
        }
        strings(page.body.comparisonIDs)
        string(page.title)
        anchors(page.anchors, checks: page.anchorChecks)
        diagnostics(page.diagnostics)
    }

    /// A page's heading ids and its links to anchors.
    mutating func anchors(_ anchors: Set<String>, checks: [AnchorCheck]) {
        // Sorted, so that the same page always makes the same bytes.
        strings(anchors.sorted())
        count(checks.count)
        for check in checks {
            string(check.target.path)
            string(check.fragment)
            location(check.location)
        }
    }

    /// A rendered text field.
    mutating func text(_ text: BuildMemo.Text) {
        string(text.html)
        diagnostics(text.diagnostics)
    }

    mutating func location(_ location: SourceLocation) {
        string(location.file)
        integer(location.line)
        integer(location.column)
    }

    mutating func diagnostics(_ diagnostics: [Diagnostic]) {
        count(diagnostics.count)
        for diagnostic in diagnostics {
            location(diagnostic.location)
            flag(diagnostic.severity == .error)
            string(diagnostic.message)
            string(diagnostic.hint)
            flag(diagnostic.isEnvironment)
            string(diagnostic.check)
        }
    }
}

extension CacheReader {
    mutating func renderedPage() throws(CacheFormatError) -> RenderedPage {
        let html = try string()
        let heading = try optionalString()
        let headingID = try optionalString()
        let tocCount = try count()
        var toc: [TOCEntry] = []
        toc.reserveCapacity(tocCount)
        for _ in 0..<tocCount {
            let level = try integer()
            toc.append(TOCEntry(level: level, text: try string(), id: try string()))
        }
        let comparisonIDs = try strings()
        let title = try optionalString()
        let (anchors, checks) = try anchors()
        return RenderedPage(
            body: PageBody(html: html, heading: heading, headingID: headingID, toc: toc, comparisonIDs: comparisonIDs), title: title,
            anchors: anchors, anchorChecks: checks, diagnostics: try diagnostics())
    }

    mutating func anchors() throws(CacheFormatError) -> (Set<String>, [AnchorCheck]) {
        let anchors = Set(try strings())
        let checkCount = try count()
        var checks: [AnchorCheck] = []
        checks.reserveCapacity(checkCount)
        for _ in 0..<checkCount {
            let target = PageID(try string())
            let fragment = try string()
            checks.append(AnchorCheck(target: target, fragment: fragment, location: try location()))
        }
        return (anchors, checks)
    }

    mutating func text() throws(CacheFormatError) -> BuildMemo.Text {
        let html = try string()
        return BuildMemo.Text(html: html, diagnostics: try diagnostics())
    }

    mutating func location() throws(CacheFormatError) -> SourceLocation {
        let file = try string()
        let line = try integer()
        return SourceLocation(file: file, line: line, column: try integer())
    }

    mutating func diagnostics() throws(CacheFormatError) -> [Diagnostic] {
        let count = try count()
        var diagnostics: [Diagnostic] = []
        diagnostics.reserveCapacity(count)
        for _ in 0..<count {
            let location = try location()
            let severity: Severity = try flag() ? .error : .warning
            let message = try string()
            let hint = try optionalString()
            let isEnvironment = try flag()
            diagnostics.append(
                Diagnostic(severity, at: location, message, hint: hint, isEnvironment: isEnvironment, check: try optionalString()))
        }
        return diagnostics
    }
}
