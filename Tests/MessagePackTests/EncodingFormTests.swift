import MessagePack
import Testing

/// Hand-checked headers at every size boundary, beyond what the Python vectors hold.
@Suite struct EncodingFormTests {
    private func header(_ value: MessagePackValue, _ length: Int) -> [UInt8] {
        Array(MessagePack.encode(value).prefix(length))
    }

    @Test func strNeverUsesStr8() {
        #expect(header(.string([]), 1) == [0xa0])
        #expect(header(.string(Array(repeating: 0x61, count: 31)), 1) == [0xbf])
        #expect(header(.string(Array(repeating: 0x61, count: 32)), 3) == [0xda, 0x00, 0x20])
        #expect(header(.string(Array(repeating: 0x61, count: 255)), 3) == [0xda, 0x00, 0xff])
        #expect(header(.string(Array(repeating: 0x61, count: 65535)), 3) == [0xda, 0xff, 0xff])
        #expect(header(.string(Array(repeating: 0x61, count: 65536)), 5) == [0xdb, 0x00, 0x01, 0x00, 0x00])
        #expect(MessagePack.encode(.string(Array(repeating: 0x61, count: 300))).count == 303)
    }

    @Test func binHeaders() {
        #expect(MessagePack.encode(.binary([])) == [0xc4, 0x00])
        #expect(header(.binary(Array(repeating: 1, count: 255)), 2) == [0xc4, 0xff])
        #expect(header(.binary(Array(repeating: 1, count: 256)), 3) == [0xc5, 0x01, 0x00])
        #expect(header(.binary(Array(repeating: 1, count: 65536)), 5) == [0xc6, 0x00, 0x01, 0x00, 0x00])
    }

    @Test func collectionHeaders() throws {
        let nils = { (count: Int) in MessagePackValue.array(Array(repeating: .nil, count: count)) }
        #expect(header(nils(15), 1) == [0x9f])
        #expect(header(nils(16), 3) == [0xdc, 0x00, 0x10])
        #expect(header(nils(65535), 3) == [0xdc, 0xff, 0xff])
        #expect(header(nils(65536), 5) == [0xdd, 0x00, 0x01, 0x00, 0x00])

        let pairs = { (count: Int) in
            MessagePackValue.map((0..<count).map { MessagePackPair(.int(Int64($0)), .nil) })
        }
        #expect(header(pairs(0), 1) == [0x80])
        #expect(header(pairs(15), 1) == [0x8f])
        #expect(header(pairs(16), 3) == [0xde, 0x00, 0x10])
        #expect(header(pairs(65535), 3) == [0xde, 0xff, 0xff])
        let map32 = pairs(65536)
        let encoded = MessagePack.encode(map32)
        #expect(Array(encoded.prefix(5)) == [0xdf, 0x00, 0x01, 0x00, 0x00])
        #expect(try MessagePack.decode(encoded) == map32)
    }

    @Test func extHeaders() {
        for (size, code) in [(1, 0xd4), (2, 0xd5), (4, 0xd6), (8, 0xd7), (16, 0xd8)] as [(Int, UInt8)] {
            #expect(header(.ext(78, Array(repeating: 7, count: size)), 2) == [code, 78])
        }
        for size in [0, 3, 5, 7, 9, 15, 17, 24, 255] {
            #expect(header(.ext(-5, Array(repeating: 7, count: size)), 3) == [0xc7, UInt8(size), 0xfb])
        }
        #expect(header(.ext(1, Array(repeating: 7, count: 256)), 4) == [0xc8, 0x01, 0x00, 0x01])
        #expect(header(.ext(1, Array(repeating: 7, count: 65536)), 6) == [0xc9, 0x00, 0x01, 0x00, 0x00, 0x01])
        #expect(MessagePack.encode(.ext(-128, [0])) == [0xd4, 0x80, 0x00])
    }

    @Test func integersTakeTheSmallestForm() {
        let cases: [(MessagePackValue, [UInt8])] = [
            (.int(0), [0x00]), (.int(127), [0x7f]), (.int(128), [0xcc, 0x80]),
            (.int(255), [0xcc, 0xff]), (.int(256), [0xcd, 0x01, 0x00]),
            (.int(65535), [0xcd, 0xff, 0xff]), (.int(65536), [0xce, 0x00, 0x01, 0x00, 0x00]),
            (.int(4_294_967_295), [0xce, 0xff, 0xff, 0xff, 0xff]),
            (.int(4_294_967_296), [0xcf, 0, 0, 0, 1, 0, 0, 0, 0]),
            (.int(.max), [0xcf, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]),
            (.uint(.max), [0xcf, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]),
            (.int(-1), [0xff]), (.int(-32), [0xe0]), (.int(-33), [0xd0, 0xdf]),
            (.int(-128), [0xd0, 0x80]), (.int(-129), [0xd1, 0xff, 0x7f]),
            (.int(-32768), [0xd1, 0x80, 0x00]), (.int(-32769), [0xd2, 0xff, 0xff, 0x7f, 0xff]),
            (.int(-2_147_483_648), [0xd2, 0x80, 0, 0, 0]),
            (.int(-2_147_483_649), [0xd3, 0xff, 0xff, 0xff, 0xff, 0x7f, 0xff, 0xff, 0xff]),
            (.int(.min), [0xd3, 0x80, 0, 0, 0, 0, 0, 0, 0]),
        ]
        for (value, bytes) in cases {
            #expect(MessagePack.encode(value) == bytes, "\(value)")
        }
    }

    @Test func uintNormalizesToIntBelowInt64Max() throws {
        // `.uint` and `.int` of one number pack alike; the decoder gives `.uint` only above Int64.max.
        for number: UInt64 in [0, 1, 127, 128, 65536, UInt64(Int64.max)] {
            let bytes = MessagePack.encode(.uint(number))
            #expect(bytes == MessagePack.encode(.int(Int64(number))))
            #expect(try MessagePack.decode(bytes) == .int(Int64(number)))
        }
        #expect(try MessagePack.decode(MessagePack.encode(.uint(UInt64(Int64.max) + 1))) == .uint(UInt64(Int64.max) + 1))
    }

    @Test func floats() throws {
        #expect(MessagePack.encode(.double(1.5)) == [0xcb, 0x3f, 0xf8, 0, 0, 0, 0, 0, 0])
        #expect(MessagePack.encode(.float(1.5)) == [0xca, 0x3f, 0xc0, 0, 0])
        #expect(MessagePack.encode(1.5) == MessagePack.encode(.double(1.5)))
        let nan = try MessagePack.decode([0xcb, 0x7f, 0xf8, 0, 0, 0, 0, 0, 1])
        #expect(nan.doubleValue?.isNaN == true)
        #expect(MessagePack.encode(nan) == [0xcb, 0x7f, 0xf8, 0, 0, 0, 0, 0, 1], "NaN payload bits survive")
    }

    @Test func appendBuildsOneBuffer() {
        var out: [UInt8] = [0xaa]
        MessagePack.append(.int(1), to: &out)
        MessagePack.append("a", to: &out)
        #expect(out == [0xaa, 0x01, 0xa1, 0x61])
    }
}
