/// A 128-bit digest of everything a cached value was made from: two 64-bit hashes with their
/// own seeds and constants, so that the build cache can name an entry by its inputs without
/// storing them (a body's whole text). Not cryptographic: it guards against accidental
/// collisions among a site's pages, at 2^-128 per pair, not against someone crafting them.
struct KeyDigest: Hashable, Sendable, Comparable {
    var high: UInt64
    var low: UInt64

    static func < (lhs: KeyDigest, rhs: KeyDigest) -> Bool { (lhs.high, lhs.low) < (rhs.high, rhs.low) }
}

extension KeyDigest {
    /// 32 lower-case hex digits, for the work folder's text files.
    var hex: String {
        var bytes: [UInt8] = []
        appendHex(to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends `hex` as UTF-8.
    func appendHex(to bytes: inout [UInt8]) {
        for word in [high, low] {
            for shift in stride(from: 60, through: 0, by: -4) {
                let digit = UInt8((word >> UInt64(shift)) & 0xF)
                bytes.append(digit < 10 ? 48 + digit : 87 + digit)
            }
        }
    }
}

/// Makes a `KeyDigest` from fields added one by one. Strings are added with their length
/// first, so that ("ab", "c") and ("a", "bc") differ, as `StableHash` does; the input is taken
/// eight bytes at a time, several times faster than FNV's byte at a time on a whole site's
/// bodies.
struct KeyHasher {
    private var first: UInt64 = 0x243f_6a88_85a3_08d3
    private var second: UInt64 = 0x1319_8a2e_0370_7344
    /// Bytes added but not yet mixed in, the first in the lowest byte.
    private var pending: UInt64 = 0
    private var pendingCount = 0
    private var length: UInt64 = 0

    init() {}

    /// Mixes in raw bytes.
    mutating func add(_ bytes: UnsafeRawBufferPointer) {
        var index = 0
        let count = bytes.count
        length &+= UInt64(count)
        while pendingCount != 0, index < count {
            addPending(bytes[index])
            index += 1
        }
        while index + 8 <= count {
            mix(UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self)))
            index += 8
        }
        while index < count {
            addPending(bytes[index])
            index += 1
        }
    }

    /// Mixes in a string's UTF-8 bytes, its length first.
    mutating func add(_ text: String) {
        var text = text
        text.withUTF8 { utf8 in
            add(utf8.count)
            add(UnsafeRawBufferPointer(utf8))
        }
    }

    /// Mixes in an optional string, telling nil from "".
    mutating func add(_ text: String?) {
        if let text {
            add(1)
            add(text)
        } else {
            add(0)
        }
    }

    /// Mixes in an integer's eight bytes.
    mutating func add(_ number: Int) {
        add(UInt64(bitPattern: Int64(number)))
    }

    /// Mixes in eight bytes.
    mutating func add(_ number: UInt64) {
        withUnsafeBytes(of: number.littleEndian) { add($0) }
    }

    /// The digest of everything added.
    var digest: KeyDigest {
        var copy = self
        // The last partial word, then the length: inputs that differ only in trailing zero
        // bytes differ in length.
        if copy.pendingCount > 0 { copy.mix(copy.pending) }
        copy.mix(length)
        return KeyDigest(high: Self.finish(copy.first), low: Self.finish(copy.second ^ 0x9e37_79b9_7f4a_7c15))
    }

    private mutating func addPending(_ byte: UInt8) {
        pending |= UInt64(byte) << (8 * UInt64(pendingCount))
        pendingCount += 1
        if pendingCount == 8 {
            mix(pending)
            pending = 0
            pendingCount = 0
        }
    }

    /// Each lane takes the word through a multiplication and a rotation of its own, so a
    /// difference in any bit reaches every bit of both lanes by the end.
    private mutating func mix(_ word: UInt64) {
        first = rotate(first ^ (word &* 0x9fb2_1c65_1e98_df25), 29) &* 0xc2b2_ae3d_27d4_eb4f
        second = rotate(second &+ (word &* 0xd6e8_feb8_6659_fd93), 33) &* 0x8cb9_2ba7_2f3d_8dd7
    }

    private func rotate(_ value: UInt64, _ bits: UInt64) -> UInt64 { (value << bits) | (value >> (64 - bits)) }

    /// Spreads every bit of the state over the whole result.
    private static func finish(_ value: UInt64) -> UInt64 {
        var x = value
        x ^= x >> 33
        x &*= 0xff51_afd7_ed55_8ccd
        x ^= x >> 33
        x &*= 0xc4ce_b9fe_1a85_ec53
        x ^= x >> 33
        return x
    }
}
