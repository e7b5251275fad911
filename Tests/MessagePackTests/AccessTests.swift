import MessagePack
import Testing

@Suite struct AccessTests {
    @Test func stringValueNeedsUTF8() {
        #expect(MessagePackValue.text("héllo").stringValue == "héllo")
        #expect(MessagePackValue.string(Array("日本 🧂".utf8)).stringValue == "日本 🧂")
        #expect(MessagePackValue.string([]).stringValue == "")
        #expect(MessagePackValue.binary(Array("bin".utf8)).stringValue == "bin")
        for invalid: [UInt8] in [[0xff, 0xfe, 0x00, 0x80], [0x80], [0xc0, 0x80], [0xed, 0xa0, 0x80], [0xe6, 0x97], [0x61, 0xf8]] {
            #expect(MessagePackValue.string(invalid).stringValue == nil, "\(invalid)")
            #expect(MessagePackValue.binary(invalid).stringValue == nil, "\(invalid)")
        }
        #expect(MessagePackValue.int(1).stringValue == nil)
        #expect(MessagePackValue.ext(78, Array("x".utf8)).stringValue == nil)
    }

    @Test func bytesValueKeepsRawBytes() throws {
        let raw: [UInt8] = [0xff, 0xfe, 0x00, 0x80]
        #expect(MessagePackValue.string(raw).bytesValue == raw)
        #expect(MessagePackValue.binary(raw).bytesValue == raw)
        #expect(MessagePackValue.nil.bytesValue == nil)
        #expect(MessagePackValue.ext(1, raw).bytesValue == nil)
        let decoded = try MessagePack.decode([0xa4] + raw)
        #expect(decoded == .string(raw))
        #expect(decoded.bytesValue == raw)
    }

    @Test func scalarAccessors() {
        #expect(MessagePackValue.nil.isNil)
        #expect(!MessagePackValue.bool(false).isNil)
        #expect(MessagePackValue.bool(true).boolValue == true)
        #expect(MessagePackValue.int(1).boolValue == nil)
        #expect(MessagePackValue.int(-7).intValue == -7)
        #expect(MessagePackValue.uint(7).intValue == 7)
        #expect(MessagePackValue.uint(.max).intValue == nil)
        #expect(MessagePackValue.text("1").intValue == nil)
        #expect(MessagePackValue.double(2.5).doubleValue == 2.5)
        #expect(MessagePackValue.float(0.5).doubleValue == 0.5)
        #expect(MessagePackValue.int(-3).doubleValue == -3)
        #expect(MessagePackValue.uint(.max).doubleValue == 18_446_744_073_709_551_615.0)
        #expect(MessagePackValue.bool(true).doubleValue == nil)
        #expect(MessagePackValue.array([1, "a"]).arrayValue == [1, "a"])
        #expect(MessagePackValue.map([]).arrayValue == nil)
        #expect(MessagePackValue.map([MessagePackPair("a", 1)]).mapValue == [MessagePackPair("a", 1)])
        #expect(MessagePackValue.array([]).mapValue == nil)
    }

    @Test func literals() {
        let value: MessagePackValue = ["b": true, "a": [1, -2, 2.5, "x", .nil]]
        #expect(value == .map([
            MessagePackPair(.string([0x62]), .bool(true)),
            MessagePackPair(.string([0x61]), .array([.int(1), .int(-2), .double(2.5), .string([0x78]), .nil])),
        ]))
        #expect(MessagePackValue.dictionary(["z": 1, "a": 2]).mapValue?.map(\.key) == ["z", "a"])
    }

    @Test func subscriptGet() {
        let value: MessagePackValue = .map([
            MessagePackPair("fun", "test.ping"), MessagePackPair("dup", 1), MessagePackPair("dup", 2),
            MessagePackPair(.int(1), "int key"), MessagePackPair(.binary(Array("raw".utf8)), "bin key"),
            MessagePackPair(.string([0xff]), "bad key"),
        ])
        #expect(value["fun"] == "test.ping")
        #expect(value.string("fun") == "test.ping")
        #expect(value["dup"] == 1, "first of a repeated key wins")
        #expect(value["missing"] == nil)
        #expect(value["1"] == nil, "an int key is not the text \"1\"")
        #expect(value["raw"] == "bin key")
        #expect(value["\u{FFFD}"] == nil, "a non-UTF-8 key is not its replacement-character reading")
        #expect(value.string("dup") == nil, "string(_:) of a non-text value")
        #expect(MessagePackValue.array(["fun"])["fun"] == nil)
        #expect(MessagePackValue.nil["fun"] == nil)
    }

    @Test func subscriptSetKeepsOrder() {
        var value: MessagePackValue = ["a": 1, "b": 2, "c": 3]
        value["b"] = "two"
        #expect(value.mapValue?.map(\.key) == ["a", "b", "c"])
        #expect(value["b"] == "two")

        value["d"] = 4
        #expect(value.mapValue?.map(\.key) == ["a", "b", "c", "d"])

        value["b"] = nil
        #expect(value.mapValue == [MessagePackPair("a", 1), MessagePackPair("c", 3), MessagePackPair("d", 4)])

        value["missing"] = nil
        #expect(value.mapValue?.count == 3)

        value["a"] = .nil
        #expect(value.mapValue?.first == MessagePackPair("a", .nil), "storing msgpack nil is not removal")
        #expect(MessagePack.encode(value) == [0x83, 0xa1, 0x61, 0xc0, 0xa1, 0x63, 0x03, 0xa1, 0x64, 0x04])
    }

    @Test func subscriptSetTouchesOnlyTheFirstDuplicate() {
        var value: MessagePackValue = .map([MessagePackPair("k", 1), MessagePackPair("x", 0), MessagePackPair("k", 2)])
        value["k"] = 9
        #expect(value.mapValue == [MessagePackPair("k", 9), MessagePackPair("x", 0), MessagePackPair("k", 2)])
        value["k"] = nil
        #expect(value.mapValue == [MessagePackPair("x", 0), MessagePackPair("k", 2)])
        #expect(value["k"] == 2)
    }

    @Test func subscriptSetOnNonMapIsIgnored() {
        var array: MessagePackValue = [1]
        array["k"] = 1
        #expect(array == [1])
        var nothing: MessagePackValue = .nil
        nothing["k"] = 1
        #expect(nothing == .nil)
    }

    @Test func nestedSubscriptSet() throws {
        var load = try MessagePack.decode(MessagePack.encode(["load": ["fun": "test.ping", "arg": []]]))
        load["load"]?["arg"] = ["x"]
        load["load"]?["tgt"] = "m1"
        #expect(load["load"]?.mapValue?.map(\.key) == ["fun", "arg", "tgt"])
        #expect(load["load"]?["arg"] == ["x"])
    }
}
