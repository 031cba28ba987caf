#!/usr/bin/env python3
"""Check Jamfor's golden wire vectors with an independent CBOR implementation.

For every NAME.bin in the vectors directory this reads the 12-byte frame header, checks the
declared length against the file, inflates the payload with zlib when the compressed flag (0x01)
is set, decodes it with cbor2, converts the result to the plain-JSON convention of NAME.json and
compares header fields and payload exactly. It also checks that the payload follows the
deterministic encoding profile of Protocol/PROTOCOL.md section 5 (shortest heads, definite
lengths, shortest exact floats, canonical NaN, sorted map keys, only the tags the encoder writes).

Usage: python3 Tools/check_vectors.py [DIR]
       DIR defaults to Protocol/vectors in the repository that holds this script.

Prints "ok NAME" or "FAIL NAME: reason" per vector, then "N passed, M failed". Exits 1 when a
vector failed or none were found, 2 when cbor2 is missing. Needs the standard library and cbor2.
"""

from __future__ import annotations

import datetime
import decimal
import io
import json
import math
import struct
import sys
import zlib
from pathlib import Path

try:
    import cbor2
except ImportError:  # pragma: no cover - depends on the machine
    print("check_vectors.py needs cbor2: python3 -m pip install cbor2", file=sys.stderr)
    sys.exit(2)

# Frame header: payload length (u32), version (u8), flags (u8), type (u16), request id (u32),
# all big-endian. See Sources/JamforWire/Framing/FrameHeader.swift.
HEADER = struct.Struct(">IBBHI")
HEADER_SIZE = HEADER.size  # 12

FLAG_COMPRESSED = 0x01
FLAG_END_OF_STREAM = 0x02
FLAG_ERROR = 0x04
FLAG_NAMES = [(FLAG_COMPRESSED, "compressed"), (FLAG_END_OF_STREAM, "end-of-stream"), (FLAG_ERROR, "error")]
DEFINED_FLAGS = FLAG_COMPRESSED | FLAG_END_OF_STREAM | FLAG_ERROR

SUPPORTED_VERSIONS = {1}
MAX_FRAME_LENGTH = 16 << 20  # FrameLimits.maxFrameLength default
MAX_DECOMPRESSED = 64 << 20  # FrameLimits.maxDecompressedLength default
MAX_DEPTH = 64  # FrameLimits.maxNestingDepth default

# MessageType.version1 (Sources/JamforWire/Messages/MessageType.swift).
TYPE_NAMES = {
    0x0001: "hello",
    0x0002: "welcome",
    0x0003: "ping",
    0x0004: "pong",
    0x0005: "error",
    0x0006: "cancel",
    0x0010: "list-municipalities",
    0x0011: "municipalities",
    0x0012: "list-networks",
    0x0013: "networks",
    0x0014: "list-indicators",
    0x0015: "indicators",
    0x0020: "rank",
    0x0021: "rank-result",
    0x0022: "compare",
    0x0023: "compare-result",
    0x0024: "trend",
    0x0025: "trend-result",
    0x0030: "submit",
    0x0031: "submit-result",
    0x0032: "export",
    0x0033: "export-batch",
}
ERROR_TYPE = 0x0005

# Tags the encoder writes (Sources/JamforWire/CBOR/CBOR.swift): epoch date, bignums (only as the
# mantissa of a decimal fraction), decimal fraction, and little-endian RFC 8746 typed arrays.
TYPED_ARRAY_TAGS_WRITTEN = {64, 69, 70, 71, 72, 77, 78, 79, 85, 86}
PROFILE_TAGS = {1, 2, 3, 4} | TYPED_ARRAY_TAGS_WRITTEN

# Tags that some cbor2 version turns into Python objects by itself. They are handed back as
# Tagged values so that the payload compares exactly with the JSON's {"tag": N, "value": ...}.
SEMANTIC_TAGS = [0, 1, 2, 3, 4, 5, 25, 28, 29, 30, 35, 36, 37, 38, 52, 54, 100, 256, 258, 260, 261,
                 262, 263, 1004, 1040, 55799]


class VectorError(Exception):
    """A vector does not check out; the message says why."""


class Tagged:
    """A CBOR tag and its content, kept uninterpreted."""

    __slots__ = ("tag", "value")

    def __init__(self, tag: int, value: object) -> None:
        self.tag = tag
        self.value = value

    def __repr__(self) -> str:
        return f"Tagged({self.tag}, {self.value!r})"


# MARK: Decoding with cbor2


def _semantic_decoders() -> dict | None:
    """Overrides that keep cbor2 from interpreting tags, or None when this cbor2 has none.

    cbor2 6 calls a semantic decoder with the decoded content and a flag; older versions have no
    such hook, and the fallback in to_plain() converts their objects back instead.
    """
    def make(tag: int):
        return lambda value, immutable=False: Tagged(tag, value)

    decoders = {tag: make(tag) for tag in SEMANTIC_TAGS}
    try:
        probe = cbor2.loads(b"\xc1\x00", semantic_decoders=decoders)
    except Exception:
        return None
    if isinstance(probe, Tagged) and probe.tag == 1 and probe.value == 0:
        return decoders
    return None


SEMANTIC_DECODERS = _semantic_decoders()


def decode_cbor(data: bytes) -> object:
    """Decodes exactly one CBOR item that spans all of `data`."""
    fp = io.BytesIO(data)
    options: dict = {}
    if SEMANTIC_DECODERS is not None:
        options["semantic_decoders"] = SEMANTIC_DECODERS
        options["read_size"] = 1
    try:
        decoder = cbor2.CBORDecoder(fp, **options)
    except TypeError:
        decoder = cbor2.CBORDecoder(fp)
    try:
        value = decoder.decode()
    except Exception as error:  # cbor2 raises several types, all meaning "not valid CBOR"
        raise VectorError(f"cbor2 cannot decode the payload: {error}") from None
    end = fp.tell()
    if end != len(data):
        raise VectorError(f"payload has {len(data) - end} byte(s) after its CBOR item, at offset {end}")
    return value


# MARK: Conversion to the plain-JSON convention


def kind(value: object) -> str:
    """A CBOR-ish name for what cbor2 decoded, for messages."""
    if isinstance(value, (list, tuple)):
        return "an array"
    if isinstance(value, dict) or hasattr(value, "items"):
        return "a map"
    if isinstance(value, str):
        return "a text string"
    if isinstance(value, bool) or value is None:
        return "a simple value"
    if isinstance(value, (int, float)):
        return "a number"
    return type(value).__name__


def number(value: float) -> object:
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    return value


def typed_array(tag: int, content: object) -> object:
    """Decodes an RFC 8746 typed array (tags 64-87) into a list of numbers.

    Tag 76 (reserved) and the float128 tags 83 and 87 have no plain-number form here; like the
    generator, they stay {"tag": N, "value": hex}.
    """
    if not isinstance(content, (bytes, bytearray)):
        raise VectorError(f"typed array tag {tag} holds {kind(content)}, not a byte string")
    bits = tag - 64
    is_float = bool(bits & 0b10000)
    is_signed = bool(bits & 0b01000)
    little = bool(bits & 0b00100)
    ll = bits & 0b11
    if is_float:
        size, code = [(2, "e"), (4, "f"), (8, "d"), (16, None)][ll]
    elif is_signed and ll == 0 and little:
        size, code = 1, None  # tag 76 is reserved
    else:
        size = 1 << ll
        code = {1: "b", 2: "h", 4: "i", 8: "q"}[size] if is_signed else {1: "B", 2: "H", 4: "I", 8: "Q"}[size]
    if code is None:
        return {"tag": tag, "value": bytes(content).hex()}
    if len(content) % size:
        raise VectorError(f"typed array tag {tag} has {len(content)} bytes, not a multiple of {size}")
    count = len(content) // size
    values = struct.unpack(("<" if little else ">") + f"{count}{code}", bytes(content))
    return [number(v) for v in values] if is_float else list(values)


def map_key(key: object, path: str) -> str:
    if isinstance(key, bool):
        return "true" if key else "false"
    if isinstance(key, int):
        return str(key)
    if isinstance(key, str):
        return key
    raise VectorError(f"{path}: map key {key!r} is neither an integer nor a text string")


def to_plain(value: object, path: str = "payload") -> object:
    """Converts what cbor2 decoded into the convention of the vectors' JSON files."""
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, int):
        if -(1 << 64) <= value < (1 << 64):
            return value
        # Only an older cbor2 gets here: it turned a bignum tag into an int.
        if value >= 0:
            return {"tag": 2, "value": value.to_bytes((value.bit_length() + 7) // 8, "big").hex()}
        n = -1 - value
        return {"tag": 3, "value": n.to_bytes((n.bit_length() + 7) // 8, "big").hex()}
    if isinstance(value, float):
        return number(value)
    if isinstance(value, (bytes, bytearray)):
        return bytes(value).hex()
    if isinstance(value, (list, tuple)):
        return [to_plain(item, f"{path}[{index}]") for index, item in enumerate(value)]
    if isinstance(value, dict) or (hasattr(value, "keys") and hasattr(value, "items")):
        result: dict = {}
        for key, item in value.items():
            name = map_key(key, path)
            if name in result:
                raise VectorError(f"{path}: map key {name!r} appears twice")
            result[name] = to_plain(item, f"{path}[{json.dumps(name, ensure_ascii=False)}]")
        return result
    if isinstance(value, Tagged) or isinstance(value, cbor2.CBORTag):
        if 64 <= value.tag <= 87:
            return typed_array(value.tag, value.value)
        return {"tag": value.tag, "value": to_plain(value.value, f"{path}.tag{value.tag}")}
    # Fallbacks for a cbor2 without semantic_decoders.
    if isinstance(value, datetime.datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=datetime.timezone.utc)
        delta = value - datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)
        micros = (delta.days * 86400 + delta.seconds) * 1_000_000 + delta.microseconds
        seconds = micros // 1_000_000 if micros % 1_000_000 == 0 else micros / 1_000_000
        return {"tag": 1, "value": seconds}
    if isinstance(value, decimal.Decimal):
        sign, digits, exponent = value.as_tuple()
        mantissa = int("".join(map(str, digits)) or "0")
        return {"tag": 4, "value": [exponent, -mantissa if sign else mantissa]}
    if value is getattr(cbor2, "undefined", object()):
        raise VectorError(f"{path}: the undefined value has no JSON form and no place in a message")
    raise VectorError(f"{path}: cbor2 produced {type(value).__name__} ({value!r}), which has no JSON form here")


# MARK: Deterministic encoding profile


class Profile:
    """Walks the payload's bytes and checks the encoding rules of PROTOCOL.md section 5."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.pos = 0

    def fail(self, offset: int, what: str) -> VectorError:
        return VectorError(f"payload byte {offset}: {what}")

    def take(self, count: int, offset: int) -> bytes:
        if count > len(self.data) - self.pos:
            raise self.fail(offset, f"item needs {count} byte(s), only {len(self.data) - self.pos} left")
        chunk = self.data[self.pos:self.pos + count]
        self.pos += count
        return chunk

    def head(self) -> tuple[int, int, int, int]:
        """Reads a head; returns (offset, major, info, argument)."""
        offset = self.pos
        initial = self.take(1, offset)[0]
        major, info = initial >> 5, initial & 0x1F
        if info < 24:
            return offset, major, info, info
        if info == 31:
            raise self.fail(offset, f"indefinite length (0x{initial:02x}); lengths must be definite")
        if info > 27:
            raise self.fail(offset, f"reserved additional information in 0x{initial:02x}")
        argument = int.from_bytes(self.take(1 << (info - 24), offset), "big")
        if major != 7:
            shortest = 24 if argument < 256 else 25 if argument < 65536 else 26 if argument < (1 << 32) else 27
            if argument < 24 or info != shortest:
                raise self.fail(offset, f"argument {argument} is not in its shortest form")
        return offset, major, info, argument

    def item(self, depth: int = 1) -> None:
        if depth > MAX_DEPTH:
            raise self.fail(self.pos, f"nesting deeper than {MAX_DEPTH}")
        offset, major, info, argument = self.head()
        if major in (0, 1):
            return
        if major in (2, 3):
            self.take(argument, offset)
            return
        if major == 4:
            for _ in range(argument):
                self.item(depth + 1)
            return
        if major == 5:
            previous = None
            for _ in range(argument):
                key_start = self.pos
                self.item(depth + 1)
                key = self.data[key_start:self.pos]
                if previous is not None and key <= previous:
                    what = "repeats" if key == previous else "sorts before"
                    raise self.fail(key_start, f"map key {key.hex()} {what} the key before it ({previous.hex()})")
                previous = key
                self.item(depth + 1)
            return
        if major == 6:
            if argument not in PROFILE_TAGS:
                raise self.fail(offset, f"tag {argument} is not one the encoder writes")
            if argument in TYPED_ARRAY_TAGS_WRITTEN:
                content = self.pos
                _, inner, _, length = self.head()
                if inner != 2:
                    raise self.fail(content, f"typed array tag {argument} must hold a byte string")
                self.take(length, content)
                return
            self.item(depth + 1)
            return
        # Major type 7: simple values and floats.
        if info in (20, 21, 22):
            return
        if info == 25:
            bits = argument
            if (bits & 0x7C00) == 0x7C00 and (bits & 0x03FF) and bits != 0x7E00:
                raise self.fail(offset, f"NaN must be written f97e00, not f9{bits:04x}")
            return
        if info == 26:
            value = struct.unpack(">f", argument.to_bytes(4, "big"))[0]
            if math.isnan(value):
                raise self.fail(offset, "NaN must be written f97e00")
            if fits_half(value):
                raise self.fail(offset, f"{value!r} fits half precision exactly")
            return
        if info == 27:
            value = struct.unpack(">d", argument.to_bytes(8, "big"))[0]
            if math.isnan(value):
                raise self.fail(offset, "NaN must be written f97e00")
            if fits_single(value):
                raise self.fail(offset, f"{value!r} fits a shorter float exactly")
            return
        raise self.fail(offset, f"simple value {argument} is not used by the protocol")


def fits_single(value: float) -> bool:
    try:
        return struct.unpack(">f", struct.pack(">f", value))[0] == value
    except OverflowError:
        return False


def fits_half(value: float) -> bool:
    try:
        return struct.unpack(">e", struct.pack(">e", value))[0] == value
    except OverflowError:
        return False


def check_profile(data: bytes) -> None:
    walker = Profile(data)
    walker.item()
    if walker.pos != len(data):
        raise VectorError(f"payload has {len(data) - walker.pos} byte(s) after its CBOR item")


# MARK: Comparison


def describe(value: object) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 80 else text[:77] + "..."


def difference(expected: object, actual: object, path: str) -> str | None:
    """The first difference between the JSON's value and the decoded one, or None."""
    if isinstance(expected, bool) or isinstance(actual, bool):
        if type(expected) is type(actual) and expected == actual:
            return None
        return f"{path}: JSON has {describe(expected)}, frame has {describe(actual)}"
    numeric = (int, float)
    if isinstance(expected, numeric) and isinstance(actual, numeric):
        if expected != actual:
            return f"{path}: JSON has {describe(expected)}, frame has {describe(actual)}"
        if expected == 0 and math.copysign(1.0, float(expected)) != math.copysign(1.0, float(actual)):
            return f"{path}: zero of a different sign (JSON {describe(expected)}, frame {describe(actual)})"
        return None
    if isinstance(expected, list) and isinstance(actual, list):
        if len(expected) != len(actual):
            return f"{path}: JSON has {len(expected)} element(s), frame has {len(actual)}"
        for index, (a, b) in enumerate(zip(expected, actual)):
            found = difference(a, b, f"{path}[{index}]")
            if found:
                return found
        return None
    if isinstance(expected, dict) and isinstance(actual, dict):
        missing = [key for key in expected if key not in actual]
        extra = [key for key in actual if key not in expected]
        if missing:
            return f"{path}: key(s) {', '.join(missing)} in the JSON but not in the frame"
        if extra:
            return f"{path}: key(s) {', '.join(extra)} in the frame but not in the JSON"
        for key in expected:
            found = difference(expected[key], actual[key], f"{path}[{json.dumps(key, ensure_ascii=False)}]")
            if found:
                return found
        return None
    if expected is None and actual is None:
        return None
    if type(expected) is type(actual) and expected == actual:
        return None
    return f"{path}: JSON has {describe(expected)}, frame has {describe(actual)}"


def reject_constant(name: str) -> object:
    raise ValueError(f"non-standard JSON constant {name}")


# MARK: One vector


def check_vector(bin_path: Path, json_path: Path) -> None:
    name = bin_path.stem
    try:
        frame = bin_path.read_bytes()
    except OSError as error:
        raise VectorError(f"cannot read {bin_path.name}: {error.strerror or error}") from None
    try:
        text = json_path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise VectorError(f"{json_path.name} is missing") from None
    except (OSError, UnicodeDecodeError) as error:
        raise VectorError(f"cannot read {json_path.name}: {error}") from None
    try:
        expected = json.loads(text, parse_constant=reject_constant)
    except ValueError as error:
        raise VectorError(f"{json_path.name} is not valid JSON: {error}") from None
    if not isinstance(expected, dict):
        raise VectorError(f"{json_path.name} does not hold a JSON object")

    if len(frame) < HEADER_SIZE:
        raise VectorError(f"{bin_path.name} has {len(frame)} byte(s), fewer than the {HEADER_SIZE}-byte header")
    length, version, flags, type_code, request_id = HEADER.unpack_from(frame)
    if HEADER_SIZE + length != len(frame):
        raise VectorError(
            f"header declares a {length}-byte payload, but the file holds {len(frame) - HEADER_SIZE} after the header"
        )
    payload = frame[HEADER_SIZE:]

    # The header against the protocol.
    if version not in SUPPORTED_VERSIONS:
        raise VectorError(f"header version {version} is not a supported protocol version")
    if flags & ~DEFINED_FLAGS:
        raise VectorError(f"flags 0x{flags:02x} set reserved bits")
    if type_code not in TYPE_NAMES:
        raise VectorError(f"message type 0x{type_code:04x} is not defined in version 1")
    if length > MAX_FRAME_LENGTH:
        raise VectorError(f"payload of {length} bytes exceeds the {MAX_FRAME_LENGTH}-byte frame limit")
    if bool(flags & FLAG_ERROR) != (type_code == ERROR_TYPE):
        raise VectorError(f"error flag is {'set' if flags & FLAG_ERROR else 'clear'} on a {TYPE_NAMES[type_code]} frame")

    # The payload as the receiver sees it.
    if flags & FLAG_COMPRESSED:
        inflater = zlib.decompressobj()
        try:
            plain = inflater.decompress(payload, MAX_DECOMPRESSED + 1)
        except zlib.error as error:
            raise VectorError(f"compressed payload is not a valid zlib stream: {error}") from None
        if len(plain) > MAX_DECOMPRESSED or inflater.unconsumed_tail:
            raise VectorError(f"payload decompresses to more than {MAX_DECOMPRESSED} bytes")
        if not inflater.eof:
            raise VectorError("zlib stream ends early")
        if inflater.unused_data:
            raise VectorError(f"{len(inflater.unused_data)} byte(s) follow the end of the zlib stream")
    else:
        plain = payload

    # The header against the JSON.
    header_fields = {
        "name": name,
        "length": length,
        "version": version,
        "flags": flags,
        "flag_names": [label for bit, label in FLAG_NAMES if flags & bit],
        "type": type_code,
        "type_name": TYPE_NAMES[type_code],
        "request_id": request_id,
        "payload_length_uncompressed": len(plain),
    }
    for field, actual in header_fields.items():
        if field not in expected:
            raise VectorError(f"{json_path.name} has no \"{field}\"")
        found = difference(expected[field], actual, field)
        if found:
            raise VectorError(found)
    if "payload" not in expected:
        raise VectorError(f"{json_path.name} has no \"payload\"")

    decoded = to_plain(decode_cbor(plain))
    found = difference(expected["payload"], decoded, "payload")
    if found:
        raise VectorError(found)
    check_profile(plain)


# MARK: Main


def main(argv: list[str]) -> int:
    if len(argv) > 2 or (len(argv) == 2 and argv[1] in ("-h", "--help")):
        print(__doc__.strip().splitlines()[0])
        print("usage: python3 Tools/check_vectors.py [DIR]")
        return 0 if len(argv) == 2 else 2
    if len(argv) == 2:
        directory = Path(argv[1])
    else:
        directory = Path(__file__).resolve().parent.parent / "Protocol" / "vectors"

    passed = failed = 0
    if not directory.is_dir():
        print(f"no vectors: {directory} is not a directory", file=sys.stderr)
        names: list[str] = []
        orphans: list[str] = []
    else:
        names = sorted(path.stem for path in directory.glob("*.bin") if path.is_file())
        orphans = sorted(path.stem for path in directory.glob("*.json") if path.is_file() and path.stem not in names)

    for name in names:
        try:
            check_vector(directory / f"{name}.bin", directory / f"{name}.json")
        except VectorError as error:
            print(f"FAIL {name}: {error}")
            failed += 1
        except Exception as error:  # a bug here must not hide the other vectors' results
            print(f"FAIL {name}: unexpected {type(error).__name__}: {error}")
            failed += 1
        else:
            print(f"ok {name}")
            passed += 1
    for name in orphans:
        print(f"FAIL {name}: {name}.json has no {name}.bin")
        failed += 1

    if passed + failed == 0 and directory.is_dir():
        print(f"no vectors: {directory} holds no .bin files", file=sys.stderr)
    print(f"{passed} passed, {failed} failed")
    return 1 if failed or passed == 0 else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
