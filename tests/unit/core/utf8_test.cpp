#include <gtest/gtest.h>

#include "foncier/core/utf8.hpp"

TEST(Utf8, ValidityFollowsRfc3629) {
    EXPECT_TRUE(foncier::is_valid_utf8(""));
    EXPECT_TRUE(foncier::is_valid_utf8("Pont-à-Mousson, œuvre, € 𝄞"));
    EXPECT_FALSE(foncier::is_valid_utf8("D\xE9p\xF4t"));        // Windows-1252
    EXPECT_FALSE(foncier::is_valid_utf8("\xC3"));               // cut in the middle of a character
    EXPECT_FALSE(foncier::is_valid_utf8("\xC0\xAF"));           // overlong '/'
    EXPECT_FALSE(foncier::is_valid_utf8("\xED\xA0\x80"));       // a surrogate
    EXPECT_FALSE(foncier::is_valid_utf8("\xF4\x90\x80\x80"));   // above U+10FFFF
    EXPECT_FALSE(foncier::is_valid_utf8("\x80"));               // a continuation byte first
    EXPECT_TRUE(foncier::is_ascii("abc\t"));
    EXPECT_FALSE(foncier::is_ascii("é"));
}

TEST(Utf8, Windows1252DecodesTheWholeByteRange) {
    EXPECT_EQ(foncier::windows1252_to_utf8("D\xE9p\xF4t \x9Cuvre \x80 \x92"), "Dépôt œuvre € ’");
    std::string all;
    for (int b = 0; b < 256; ++b) all += static_cast<char>(b);
    const std::string decoded = foncier::windows1252_to_utf8(all);
    EXPECT_TRUE(foncier::is_valid_utf8(decoded));
    EXPECT_EQ(foncier::windows1252_to_utf8("\x81"), "\xC2\x81");  // undefined in 1252: U+0081
}

TEST(Utf8, PrefixNeverCutsACharacter) {
    EXPECT_EQ(foncier::utf8_prefix_length("abc", 10), 3u);
    EXPECT_EQ(foncier::utf8_prefix_length("éé", 3), 2u);  // not 3: that would cut the second é
    EXPECT_EQ(foncier::utf8_prefix_length("éé", 4), 4u);
    EXPECT_EQ(foncier::utf8_prefix_length("a€", 3), 1u);
}

TEST(Utf8, ByteOutsideAsciiFoundWhereverItStands) {
    // ASCII runs are checked eight bytes at a time: a character, valid or broken, at any
    // offset of a long text is still seen.
    for (std::size_t at = 0; at < 24; ++at) {
        const std::string head(at, 'a'), tail(19, 'z');
        EXPECT_TRUE(foncier::is_valid_utf8(head + "é" + tail)) << at;
        EXPECT_FALSE(foncier::is_ascii(head + "é" + tail)) << at;
        EXPECT_FALSE(foncier::is_valid_utf8(head + "\xE9" + tail)) << at;  // Latin-1 é
        EXPECT_FALSE(foncier::is_valid_utf8(head + "\xE2\x82" + tail)) << at;  // cut short
        EXPECT_TRUE(foncier::is_ascii(head + tail)) << at;
    }
}
