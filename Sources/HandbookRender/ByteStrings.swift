#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// FNV-1a, the hash of `ByteStringTable`; `TermCounter` computes it as it scans a word.
enum FNV1a {
    static let offsetBasis: UInt64 = 0xcbf2_9ce4_8422_2325

    static func step(_ hash: UInt64, _ byte: UInt8) -> UInt64 { (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }

    static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 { bytes.reduce(offsetBasis, step) }
}

/// Numbers distinct byte strings in the order they are first seen, by open addressing on
/// their FNV-1a hash. The strings stay in a buffer of the caller's; the table keeps where each
/// one starts, so looking up a word allocates nothing.
struct ByteStringTable {
    private struct Entry {
        var hash: UInt64
        var start: Int32
        var length: Int32
    }

    private var slots = [Int32](repeating: -1, count: 512)
    private var entries: [Entry] = []

    /// How many distinct strings the table holds.
    var count: Int { entries.count }

    /// Where string `number` is in the caller's buffer.
    func range(of number: Int) -> Range<Int> {
        let entry = entries[number]
        return Int(entry.start)..<Int(entry.start + entry.length)
    }

    /// The number of `word` (whose hash is `hash`), comparing it with the strings held in
    /// `storage`. A new word gets the next number and is recorded as held at `newStart`, where
    /// the caller keeps it.
    mutating func number(
        of word: UnsafeBufferPointer<UInt8>, hash: UInt64, storage: UnsafePointer<UInt8>?, newStart: Int
    ) -> (number: Int, isNew: Bool) {
        if entries.count * 2 >= slots.count { grow() }
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        return slots.withUnsafeMutableBufferPointer { slots in
            while slots[slot] >= 0 {
                let number = Int(slots[slot])
                let entry = entries[number]
                if entry.hash == hash, Int(entry.length) == word.count, let storage,
                    memcmp(storage + Int(entry.start), word.baseAddress!, word.count) == 0
                {
                    return (number, false)
                }
                slot = (slot + 1) & mask
            }
            slots[slot] = Int32(entries.count)
            entries.append(Entry(hash: hash, start: Int32(newStart), length: Int32(word.count)))
            return (entries.count - 1, true)
        }
    }

    private mutating func grow() {
        slots = [Int32](repeating: -1, count: slots.count * 2)
        let mask = slots.count - 1
        for (number, entry) in entries.enumerated() {
            var slot = Int(truncatingIfNeeded: entry.hash) & mask
            while slots[slot] >= 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(number)
        }
    }
}

/// Byte strings back to back in one buffer, each with a value: a page's terms with their
/// scores, or a shard's postings from a chunk of pages. No String per term.
struct PackedTerms<Value: Sendable>: Sendable {
    struct Entry: Sendable {
        var start: Int32
        var length: Int32
        var value: Value
        var range: Range<Int> { Int(start)..<Int(start + length) }
    }

    var bytes: [UInt8] = []
    var entries: [Entry] = []

    mutating func append(_ term: some Collection<UInt8>, _ value: Value) {
        entries.append(Entry(start: Int32(bytes.count), length: Int32(term.count), value: value))
        bytes += term
    }
}
