package dev.quicksilver.core.url;

/** The URL Standard's IPv6 parser and serializer (§3.5, §3.6), including embedded IPv4 and "::". */
final class Ipv6 {
    private static final int EOF = -1;

    private Ipv6() {}

    /** the eight 16-bit pieces, or null on failure */
    static int[] parse(String text) {
        int[] input = text.codePoints().toArray();
        int[] address = new int[8];
        int pieceIndex = 0;
        int compress = -1;
        int pointer = 0;
        if (at(input, pointer) == ':') {
            if (at(input, pointer + 1) != ':') {
                return null;
            }
            pointer += 2;
            compress = ++pieceIndex;
        }
        while (at(input, pointer) != EOF) {
            if (pieceIndex == 8) {
                return null;
            }
            if (at(input, pointer) == ':') {
                if (compress != -1) {
                    return null;
                }
                pointer++;
                compress = ++pieceIndex;
                continue;
            }
            int value = 0;
            int length = 0;
            while (length < 4 && PercentEncoding.hexValue(at(input, pointer)) >= 0) {
                value = value * 0x10 + PercentEncoding.hexValue(at(input, pointer));
                pointer++;
                length++;
            }
            if (at(input, pointer) == '.') {
                if (length == 0) {
                    return null;
                }
                pointer -= length;
                if (pieceIndex > 6) {
                    return null;
                }
                int numbersSeen = 0;
                while (at(input, pointer) != EOF) {
                    int ipv4Piece = -1;
                    if (numbersSeen > 0) {
                        if (at(input, pointer) == '.' && numbersSeen < 4) {
                            pointer++;
                        } else {
                            return null;
                        }
                    }
                    if (!isDigit(at(input, pointer))) {
                        return null;
                    }
                    while (isDigit(at(input, pointer))) {
                        int number = at(input, pointer) - '0';
                        if (ipv4Piece == -1) {
                            ipv4Piece = number;
                        } else if (ipv4Piece == 0) {
                            return null;
                        } else {
                            ipv4Piece = ipv4Piece * 10 + number;
                        }
                        if (ipv4Piece > 255) {
                            return null;
                        }
                        pointer++;
                    }
                    address[pieceIndex] = address[pieceIndex] * 0x100 + ipv4Piece;
                    numbersSeen++;
                    if (numbersSeen == 2 || numbersSeen == 4) {
                        pieceIndex++;
                    }
                }
                if (numbersSeen != 4) {
                    return null;
                }
                break;
            } else if (at(input, pointer) == ':') {
                pointer++;
                if (at(input, pointer) == EOF) {
                    return null;
                }
            } else if (at(input, pointer) != EOF) {
                return null;
            }
            address[pieceIndex] = value;
            pieceIndex++;
        }
        if (compress != -1) {
            int swaps = pieceIndex - compress;
            pieceIndex = 7;
            while (pieceIndex != 0 && swaps > 0) {
                int tmp = address[pieceIndex];
                address[pieceIndex] = address[compress + swaps - 1];
                address[compress + swaps - 1] = tmp;
                pieceIndex--;
                swaps--;
            }
        } else if (pieceIndex != 8) {
            return null;
        }
        return address;
    }

    /** RFC 5952 text form (without brackets): lowercase hex, the longest zero run (>1) as "::" */
    static String serialize(int[] address) {
        StringBuilder output = new StringBuilder(40);
        int compress = compressedPieceIndex(address);
        boolean ignore0 = false;
        for (int i = 0; i < 8; i++) {
            if (ignore0 && address[i] == 0) {
                continue;
            }
            ignore0 = false;
            if (compress == i) {
                output.append(i == 0 ? "::" : ":");
                ignore0 = true;
                continue;
            }
            output.append(Integer.toHexString(address[i]));
            if (i != 7) {
                output.append(':');
            }
        }
        return output.toString();
    }

    private static int compressedPieceIndex(int[] address) {
        int longestIndex = -1;
        int longestSize = 1;
        int foundIndex = -1;
        int foundSize = 0;
        for (int i = 0; i < 8; i++) {
            if (address[i] != 0) {
                if (foundSize > longestSize) {
                    longestIndex = foundIndex;
                    longestSize = foundSize;
                }
                foundIndex = -1;
                foundSize = 0;
            } else {
                if (foundIndex == -1) {
                    foundIndex = i;
                }
                foundSize++;
            }
        }
        return foundSize > longestSize ? foundIndex : longestIndex;
    }

    private static int at(int[] input, int pointer) {
        return pointer >= 0 && pointer < input.length ? input[pointer] : EOF;
    }

    private static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }
}
