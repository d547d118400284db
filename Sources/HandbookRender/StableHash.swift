/// A 64-bit FNV-1a hash that is the same in every process and on every machine (Swift's
/// `Hasher` is seeded per process), for keys that say whether a page must be made again.
public struct StableHash: Sendable {
    /// The hash so far.
    public private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    /// A hash of nothing yet.
    public init() {}

    /// Mixes in bytes.
    public mutating func add(_ bytes: some Sequence<UInt8>) {
        var hash = value
        for byte in bytes {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01b3
        }
        value = hash
    }

    /// Mixes in a string, with its length first so that ("ab", "c") and ("a", "bc") differ.
    public mutating func add(_ text: String) {
        add(Int(text.utf8.count))
        var text = text
        text.withUTF8 { add($0) }
    }

    /// Mixes in an integer's eight bytes.
    public mutating func add(_ number: Int) {
        withUnsafeBytes(of: UInt64(bitPattern: Int64(number)).littleEndian) { add($0) }
    }
}

extension TemplateValue {
    /// Mixes this value, its kind and every nested value into `hash`; objects by sorted keys.
    public func addStableHash(to hash: inout StableHash) {
        switch self {
        case .string(let text):
            hash.add(1)
            hash.add(text)
        case .bool(let flag):
            hash.add(flag ? 2 : 3)
        case .int(let number):
            hash.add(4)
            hash.add(number)
        case .double(let number):
            hash.add(5)
            hash.add(Int(bitPattern: UInt(number.bitPattern)))
        case .array(let items):
            hash.add(6)
            hash.add(items.count)
            for item in items { item.addStableHash(to: &hash) }
        case .object(let values):
            hash.add(7)
            hash.add(values.count)
            for key in values.keys.sorted() {
                hash.add(key)
                values[key]!.addStableHash(to: &hash)
            }
        }
    }
}
