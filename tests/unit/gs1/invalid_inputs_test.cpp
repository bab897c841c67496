// Every invalid input is rejected with an exact, stable message that a
// supervisor can act on, the error code, and the input position.

#include "gs1_test_support.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace gs1_test;

namespace {

struct invalid_input {
  const char* what;
  written form;
  std::string input;
  std::string expected; // "<code> at <position>: <message>"
};

const std::string gtin = "(01)19501101530000"; // 18 characters
const std::string es_gtin = "0119501101530000";  // 16 characters

const std::vector<invalid_input> invalid_inputs = {
    // ------------------------------------------------ check digits
    {"GTIN-14 with a wrong check digit", written::bracketed, "(01)19501101530001",
     "bad_check_digit at 17: AI (01) 19501101530001: check digit is 1, expected 0"},
    {"GTIN-8 (as GTIN-14) with a wrong check digit", written::element_string, "0100000096385075",
     "bad_check_digit at 15: AI (01) 00000096385075: check digit is 5, expected 4"},
    {"GTIN-12 (as GTIN-14) with a wrong check digit", written::element_string, "0100036000291453",
     "bad_check_digit at 15: AI (01) 00036000291453: check digit is 3, expected 2"},
    {"GTIN-13 (as GTIN-14) with a wrong check digit", written::element_string, "0104006381333932",
     "bad_check_digit at 15: AI (01) 04006381333932: check digit is 2, expected 1"},
    {"SSCC with a wrong check digit (reference §2.3: ...890 rejected)", written::bracketed, "(00)106141411234567890",
     "bad_check_digit at 21: AI (00) 106141411234567890: check digit is 0, expected 7"},
    {"content GTIN with a wrong check digit", written::element_string, "00106141411234567897" "0219501101530009" "3724",
     "bad_check_digit at 35: AI (02) 19501101530009: check digit is 9, expected 0"},
    {"ship-to GLN with a wrong check digit", written::bracketed, "(410)9520123456789",
     "bad_check_digit at 17: AI (410) 9520123456789: check digit is 9, expected 8"},
    {"location GLN with a wrong check digit", written::element_string, "4140614141000013",
     "bad_check_digit at 15: AI (414) 0614141000013: check digit is 3, expected 2"},
    {"GSRN with a wrong check digit", written::bracketed, "(8018)123456789012345676",
     "bad_check_digit at 23: AI (8018) 123456789012345676: check digit is 6, expected 5"},
    {"GSIN with a wrong check digit", written::bracketed, "(402)12345678901234561",
     "bad_check_digit at 21: AI (402) 12345678901234561: check digit is 1, expected 0"},
    {"GDTI with a wrong check digit", written::bracketed, "(253)1231231231233ABC",
     "bad_check_digit at 17: AI (253) 1231231231233ABC: check digit is 3, expected 2"},
    {"GRAI with a wrong check digit", written::bracketed, "(8003)09520123456789ABC",
     "bad_check_digit at 19: AI (8003) 09520123456789ABC: check digit is 9, expected 8"},
    {"GMN with wrong check characters", written::bracketed, "(8013)1987654Ad4X4bL5ttr2310cXK",
     "bad_check_digit at 29: AI (8013) 1987654Ad4X4bL5ttr2310cXK: check characters are XK, expected 2K"},
    {"GTIN in a Digital Link with a wrong check digit", written::digital_link, "https://id.gs1.org/01/19501101530001",
     "bad_check_digit at 35: AI (01) 19501101530001: check digit is 1, expected 0"},

    // ------------------------------------------------ dates and times
    {"expiry in month 13", written::bracketed, gtin + "(17)261331", "bad_date at 24: AI (17) 261331: 13 is not a month"},
    {"expiry in month 00", written::bracketed, gtin + "(17)260013", "bad_date at 24: AI (17) 260013: 00 is not a month"},
    {"best before 30 February (reference §2.4: (15)260230 rejected)", written::bracketed, gtin + "(15)260230",
     "bad_date at 26: AI (15) 260230: February 2026 has no day 30"},
    {"production date on day 32", written::bracketed, gtin + "(11)260132", "bad_date at 26: AI (11) 260132: January 2026 has no day 32"},
    {"pack date 29 February in a common year", written::bracketed, gtin + "(13)250229",
     "bad_date at 26: AI (13) 250229: February 2025 has no day 29"},
    {"sell-by 31 April", written::bracketed, gtin + "(16)260431", "bad_date at 26: AI (16) 260431: April 2026 has no day 31"},
    {"expiry time with day 00, which 7003 forbids", written::bracketed, gtin + "(7003)2612000930",
     "bad_date at 28: AI (7003) 2612000930: the day may not be 00 here (an exact date is needed)"},
    {"first freeze date with day 00", written::bracketed, gtin + "(7006)261200",
     "bad_date at 28: AI (7006) 261200: the day may not be 00 here (an exact date is needed)"},
    {"expiry time at hour 24", written::bracketed, gtin + "(7003)2612312400", "bad_time at 30: AI (7003) 2612312400: 24 is not an hour"},
    {"expiry time at minute 60", written::bracketed, gtin + "(7003)2612312360", "bad_time at 32: AI (7003) 2612312360: 60 is not a minute"},
    {"production time at hour 25", written::bracketed, gtin + "(8008)26123125", "bad_time at 30: AI (8008) 26123125: 25 is not an hour"},
    {"production time with second 61", written::bracketed, gtin + "(8008)261231093061",
     "bad_time at 34: AI (8008) 261231093061: 61 is not a second"},
    {"harvest end date on 31 June", written::bracketed, gtin + "(7007)260601260631",
     "bad_date at 34: AI (7007) 260601260631: June 2026 has no day 31"},
    {"date of birth 30 February", written::bracketed, "(8018)123456789012345675(7250)19850230",
     "bad_date at 36: AI (7250) 19850230: February 1985 has no day 30"},
    {"delivery date in month 13", written::bracketed, "(00)106141411234567897(4324)2613010930",
     "bad_date at 30: AI (4324) 2613010930: 13 is not a month"},

    // ------------------------------------------------ lengths
    {"GTIN cut short at the end of the scan", written::element_string, "01195011015300",
     "too_short at 2: AI (01) 195011015300: the value has 12 digits, expected 14"},
    {"expiry date cut short by a GS", written::element_string, es_gtin + "172612\x1d" "10A",
     "too_short at 18: AI (17) 2612: the value has 4 digits, expected 6"},
    {"empty batch between two separators", written::element_string, es_gtin + "10\x1d" "21X", "too_short at 18: AI (10) has no value"},
    {"missing GS: the batch runs into the serial", written::element_string, es_gtin + "10ABCDEFGHIJKLMNOPQ21SN0001",
     "too_long at 18: AI (10) ABCDEFGHIJKLMNOPQ21SN0001: the value is longer than 20 characters (missing GS separator?)"},
    {"missing GS after a fixed-content AI that needs one", written::element_string, es_gtin + "422276" "10ABC",
     "too_long at 19: AI (422) 27610ABC: the value has 8 characters, expected 3 (missing GS separator?)"},
    {"batch longer than 20 characters in bracketed text", written::bracketed, gtin + "(10)ABCDEFGHIJKLMNOPQRSTU",
     "too_long at 22: AI (10) ABCDEFGHIJKLMNOPQRSTU: the value is longer than 20 characters"},
    {"net weight with five digits", written::bracketed, gtin + "(3103)01234", "too_short at 24: AI (3103) 01234: the value has 5 digits, expected 6"},
    {"GTIN with 15 digits", written::bracketed, "(01)195011015300001",
     "too_long at 4: AI (01) 195011015300001: the value has 15 digits, expected 14"},
    {"harvest date with a truncated end date", written::bracketed, gtin + "(7007)26010126013",
     "too_short at 24: AI (7007) 26010126013: the value has 11 digits, expected 6 or 12"},
    {"production time with 9 digits", written::bracketed, gtin + "(8008)261231093",
     "too_short at 24: AI (8008) 261231093: the value has 9 digits, expected 8, 10 or 12"},
    {"GDTI shorter than its document type", written::bracketed, "(253)123", "too_short at 5: AI (253) 123: the value has 3 characters, expected 13 to 30"},
    {"AI without a value", written::bracketed, "(01)", "too_short at 4: AI (01) has no value"},
    {"GTIN-13 in a Digital Link path", written::digital_link, "https://id.gs1.org/01/9520123456788",
     "too_short at 22: AI (01) 9520123456788: the value has 13 digits, expected 14"},
    {"GTIN with 15 digits in a Digital Link path", written::digital_link, "https://id.gs1.org/01/095201234567880",
     "too_long at 22: AI (01) 095201234567880: the value has 15 digits, expected 14"},

    // ------------------------------------------------ unknown AIs
    {"unknown three-digit AI", written::element_string, es_gtin + "2345", "unknown_ai at 16: Unknown AI (234) at position 16"},
    {"no AI starts with 05", written::element_string, es_gtin + "0512", "unknown_ai at 16: Unknown AI at position 16: no GS1 AI starts with 05"},
    {"AI left out of the table (package type)", written::element_string, es_gtin + "7041BOX", "unknown_ai at 16: Unknown AI (7041) at position 16"},
    {"letters where an AI belongs", written::element_string, es_gtin + "AB12", "unknown_ai at 16: No AI at position 16: an AI is made of digits, found 'A'"},
    {"scan ends inside an AI", written::element_string, es_gtin + "7", "too_short at 16: The data ends inside an AI at position 16: 7"},
    {"unknown AI in bracketed text", written::bracketed, gtin + "(89)X", "unknown_ai at 18: Unknown AI (89) at position 18"},
    {"five-digit AI in bracketed text", written::bracketed, gtin + "(99999)X",
     "bad_syntax at 18: (99999) at position 18 is not an AI: AIs are 2 to 4 digits"},
    {"unknown AI in a Digital Link path", written::digital_link, "https://example.com/01/09520123456788/89/ABC123?99=XYZ",
     "unknown_ai at 38: Unknown AI (89) in the URI path"},
    {"unknown AI in a Digital Link query", written::digital_link, "https://example.com/01/09520123456788?99=XYZ&89=ABC123",
     "unknown_ai at 45: Unknown AI (89) in the URI query"},
    {"numeric query parameter that is no AI", written::digital_link, "https://a/01/09520123456788?99=ABC&999=faux",
     "unknown_ai at 35: Unknown AI (999) in the URI query"},

    // ------------------------------------------------ duplicates
    {"batch twice with different values", written::element_string, es_gtin + "10LOT-A1\x1d" "10LOT-B2",
     "duplicate_ai at 25: AI (10) appears twice with different values: LOT-A1 and LOT-B2"},
    {"two different GTINs", written::bracketed, gtin + "(01)09520123456788",
     "duplicate_ai at 18: AI (01) appears twice with different values: 19501101530000 and 09520123456788"},
    {"batch in path and query", written::digital_link, "https://id.gs1.org/01/09520123456788/10/ABC123?99=XYZ789&10=ABC123",
     "duplicate_ai at 57: AI (10) appears twice in the URI"},
    {"the same attribute twice", written::digital_link, "https://id.gs1.org/01/09520123456788/10/ABC123?99=XYZ789&99=XYZ789",
     "duplicate_ai at 57: AI (99) appears twice in the URI"},
    {"the primary key again in the query", written::digital_link, "https://id.gs1.org/01/09520123456788/10/ABC123?99=XYZ789&01=09520123456788",
     "duplicate_ai at 57: AI (01) appears twice in the URI"},

    // ------------------------------------------------ excluded pairs
    {"GTIN and content GTIN", written::bracketed, gtin + "(02)19501101530000", "excluded_ai_pair at 18: AIs (01) and (02) may not appear together"},
    {"two net weights (only one 310n)", written::bracketed, gtin + "(3102)001250(3103)012345",
     "excluded_ai_pair at 30: AIs (3102) and (3103) may not appear together"},
    {"serial and TPX", written::bracketed, gtin + "(21)SN1(235)TPX1", "excluded_ai_pair at 25: AIs (21) and (235) may not appear together"},
    {"both kinds of ship-to postal code", written::bracketed, "(00)106141411234567897(420)10115(421)27610115",
     "excluded_ai_pair at 32: AIs (420) and (421) may not appear together"},
    {"country of origin and of full processing", written::bracketed, gtin + "(422)276(426)276",
     "excluded_ai_pair at 26: AIs (422) and (426) may not appear together"},
    {"GSRN provider and recipient", written::bracketed, "(8017)123456789012345675(8018)123456789012345675",
     "excluded_ai_pair at 24: AIs (8017) and (8018) may not appear together"},
    {"maximum temperature in both scales", written::bracketed, "(00)106141411234567897(4330)001250(4331)000500",
     "excluded_ai_pair at 34: AIs (4330) and (4331) may not appear together"},
    {"GTIN with a count of trade items", written::element_string, es_gtin + "375", "excluded_ai_pair at 16: AIs (01) and (37) may not appear together"},

    // ------------------------------------------------ required companions
    {"count and content without an SSCC (reference §2.6)", written::bracketed, "(02)19501101530000(37)12",
     "missing_required_ai at 18: AI (37) needs AI (00) in the same code"},
    {"batch on its own", written::bracketed, "(10)LOT-A1", "missing_required_ai at 0: AI (10) needs AI (01), (02), (03), (8006) or (8026) in the same code"},
    {"count without content", written::bracketed, "(00)106141411234567897(37)12",
     "missing_required_ai at 22: AI (37) needs AI (02) or (8026) in the same code"},
    {"content without a count", written::bracketed, "(00)106141411234567897(02)19501101530000",
     "missing_required_ai at 22: AI (02) needs AI (37) in the same code"},
    {"net weight on its own", written::element_string, "3103012345", "missing_required_ai at 0: AI (3103) needs AI (01) or (02) in the same code"},
    {"secondary serial without a serial", written::bracketed, gtin + "(250)SEC1", "missing_required_ai at 18: AI (250) needs AI (21) in the same code"},
    {"birth sequence without the baby's name", written::bracketed, "(8018)123456789012345675(7258)1/3",
     "missing_required_ai at 24: AI (7258) needs AI (8018) with (7259) in the same code"},
    {"route without an SSCC", written::bracketed, "(403)ROUTE-7", "missing_required_ai at 0: AI (403) needs AI (00) in the same code"},
    {"price without a variable measure", written::bracketed, gtin + "(3922)0299",
     "missing_required_ai at 18: AI (3922) needs AI (30), (31nn), (32nn), (35nn) or (36nn) in the same code"},
    {"signature over a GDTI without serial", written::bracketed, "(253)1231231231232(8030)Zm9vYmFy",
     "missing_required_ai at 0: AI (253) 1231231231232: the serial part is needed when AI (8030) signs the code"},

    // ------------------------------------------------ bytes and characters
    {"non-ASCII byte in a batch", written::element_string, es_gtin + "10LOT\xC3\xA9",
     "not_ascii at 21: AI (10): byte 0xC3 at position 21 is not printable ASCII"},
    {"carriage return left at the end of a scan", written::element_string, es_gtin + "\r",
     "not_ascii at 16: Byte 0x0D at position 16 is not printable ASCII"},
    {"carriage return inside a batch", written::element_string, es_gtin + "10LOT\r",
     "not_ascii at 21: AI (10): byte 0x0D at position 21 is not printable ASCII"},
    {"'^' written for FNC1 inside the data", written::element_string, es_gtin + "10LOT^21SN",
     "bad_character at 21: AI (10) LOT^21SN: '^' at position 21 is not allowed (fields are separated by GS, not '^')"},
    {"'^' written for the leading FNC1", written::element_string, "^" + es_gtin,
     "bad_character at 0: '^' at position 0 is not allowed (fields are separated by GS, not '^')"},
    {"'#' is outside CSET 82", written::bracketed, gtin + "(10)LOT#1", "bad_character at 25: AI (10) LOT#1: '#' at position 25 is not in the GS1 character set"},
    {"space is outside CSET 82", written::bracketed, gtin + "(10)LOT A1", "bad_character at 25: AI (10) LOT A1: ' ' at position 25 is not in the GS1 character set"},
    {"letter in a GTIN", written::bracketed, "(01)1950110153000A", "bad_character at 17: AI (01) 1950110153000A: 'A' at position 17 is not a digit"},
    {"GS inside bracketed text", written::bracketed, gtin + "(10)LOT\x1dX", "not_ascii at 25: AI (10): byte 0x1D at position 25 is not printable ASCII"},
    {"lower case in a CPID (CSET 39)", written::bracketed, "(8010)9520abc",
     "bad_character at 10: AI (8010) 9520abc: 'a' at position 10 is not allowed here (digits, capital letters, '#', '-' and '/' only)"},
    {"'+' in a digital signature (base64url)", written::bracketed, gtin + "(21)S(8030)AB+C",
     "bad_character at 31: AI (8030) AB+C: '+' at position 31 is not allowed here (letters, digits, '-' and '_' only)"},
    {"'=' padding to a length that is not a multiple of three", written::bracketed, gtin + "(21)S(8030)Zm9vYg==",
     "bad_character at 35: AI (8030) Zm9vYg==: '=' at position 35 is not valid padding here"},
    {"space in a Digital Link", written::digital_link, "https://id.gs1.org/01/09520123456788/10/AB C",
     "bad_uri at 42: ' ' at position 42 is not allowed in a URI (write it as %20)"},
    {"percent-encoded non-ASCII byte in a Digital Link", written::digital_link, "https://id.gs1.org/01/09520123456788/10/AB%C3%A9",
     "not_ascii at 42: AI (10): byte 0xC3 at position 42 is not printable ASCII"},
    {"percent-encoded '#' in a Digital Link", written::digital_link, "https://id.gs1.org/01/09520123456788/10/AB%23",
     "bad_character at 42: AI (10) AB#: '#' at position 42 is not in the GS1 character set"},
    {"'+' is a space in a query value", written::digital_link, "https://a/01/09520123456788/22/ABC%2d123?99=ABC&98=XYZ+987",
     "bad_character at 54: AI (98) XYZ 987: ' ' at position 54 is not in the GS1 character set"},

    // ------------------------------------------------ other content checks
    {"unknown ISO 3166 country", written::bracketed, "(421)999X", "bad_value at 5: AI (421) 999X: 999 is not an ISO 3166 country code"},
    {"unknown two-letter country", written::bracketed, "(00)106141411234567897(4307)XX",
     "bad_value at 28: AI (4307) XX: XX is not an ISO 3166 two-letter country code"},
    {"unknown ISO 4217 currency", written::bracketed, gtin + "(3103)000195(3932)0000299",
     "bad_value at 36: AI (3932) 0000299: 000 is not an ISO 4217 currency code"},
    {"processor country neither ISO 3166 nor 999", written::bracketed, gtin + "(7030)000ABC",
     "bad_value at 24: AI (7030) 000ABC: 000 is neither an ISO 3166 country code nor 999"},
    {"IBAN with wrong check digits", written::bracketed, "(415)9520123456788(8020)INV-42(8007)DE91100000000123456788",
     "bad_check_digit at 38: AI (8007) DE91100000000123456788: the IBAN check digits 91 are wrong"},
    {"ITIP piece beyond the total", written::bracketed, "(8006)095201234567880302",
     "bad_value at 20: AI (8006) 095201234567880302: piece 03 is more than the total of 02"},
    {"roll width of zero", written::bracketed, gtin + "(8001)01000000000310", "bad_value at 28: AI (8001) 01000000000310: 00000 may not be zero"},
    {"winding direction 5", written::bracketed, gtin + "(8001)01000020000350",
     "bad_value at 36: AI (8001) 01000020000350: winding direction 5 must be 0, 1 or 9"},
    {"GRAI not starting with 0", written::bracketed, "(8003)19520123456788", "bad_value at 6: AI (8003) 19520123456788: the first digit must be 0, not 1"},
    {"dangerous goods flag 2", written::bracketed, "(00)106141411234567897(4321)2", "bad_value at 28: AI (4321) 2: 2 must be 0 (no) or 1 (yes)"},
    {"temperature sign '+'", written::bracketed, "(00)106141411234567897(4330)001250+",
     "bad_value at 34: AI (4330) 001250+: '+' must be '-' (minus) or left out"},
    {"latitude out of range", written::bracketed, "(00)106141411234567897(4309)18000000010000000000",
     "bad_value at 28: AI (4309) 18000000010000000000: latitude 1800000001 is above 1800000000"},
    {"broken percent-encoding in an address", written::bracketed, "(00)106141411234567897(4300)ACME%2",
     "bad_value at 32: AI (4300) ACME%2: '%' at position 32 must be followed by two hex digits"},
    {"importer index '!'", written::bracketed, "(8004)9520614141234567(7040)1AB!",
     "bad_value at 31: AI (7040) 1AB!: '!' is not an importer index (0-9, A-Z, a-z, '-' or '_')"},
    {"AIDC media type 11", written::bracketed, "(8017)123456789012345675(7241)11",
     "bad_value at 30: AI (7241) 11: 11 is not an AIDC media type (01-10 or 80-99)"},
    {"CPID serial with a leading zero", written::bracketed, "(8010)9520ABC(8011)0123", "bad_value at 19: AI (8011) 0123: the value may not start with 0"},
    {"MUDI of digits only", written::bracketed, gtin + "(8014)95201234000682",
     "bad_value at 24: AI (8014) 95201234000682: the value must contain at least one character that is not a digit"},
    {"sex code 3", written::bracketed, "(8018)123456789012345675(7252)3", "bad_value at 30: AI (7252) 3: 3 is not an ISO 5218 sex code (0, 1, 2 or 9)"},
    {"birth sequence beyond its end", written::bracketed, "(8018)123456789012345675(7259)BABY(7258)3/2",
     "bad_value at 40: AI (7258) 3/2: position 3 is beyond the end 2"},
    {"consignment number without a company prefix", written::bracketed, "(401)AB12",
     "bad_value at 5: AI (401) AB12: the value must start with a GS1 Company Prefix (at least 4 digits)"},

    // ------------------------------------------------ element string structure
    {"empty scan", written::element_string, "", "empty at 0: The scan holds no data"},
    {"only a GS", written::element_string, "\x1d", "empty at 0: The scan holds only a GS separator"},
    {"two GS in a row", written::element_string, es_gtin + "\x1d\x1d" "10A", "bad_syntax at 17: Two GS separators in a row at position 17"},

    // ------------------------------------------------ bracketed syntax
    {"empty text", written::bracketed, "", "empty at 0: The text holds no data"},
    {"no '(' at the start", written::bracketed, "01)19501101530000", "bad_syntax at 0: Expected '(' to start an AI at position 0, found '0'"},
    {"'(' never closed", written::bracketed, "(0119501101530000", "bad_syntax at 0: The '(' at position 0 is never closed by ')'"},
    {"empty AI", written::bracketed, "()19501101530000", "bad_syntax at 0: Empty AI \"()\" at position 0"},
    {"letters as AI", written::bracketed, "(AB)123", "bad_syntax at 0: (AB) at position 0 is not an AI: AIs are 2 to 4 digits"},
    {"text before the first AI", written::bracketed, "GTIN(01)19501101530000", "bad_syntax at 0: Expected '(' to start an AI at position 0, found 'G'"},

    // ------------------------------------------------ Digital Link URIs
    {"empty URI", written::digital_link, "", "empty at 0: The URI is empty"},
    {"ftp is no Digital Link", written::digital_link, "ftp://id.gs1.org/01/09520123456788", "bad_uri at 0: A Digital Link must start with http:// or https://"},
    {"mixed-case scheme", written::digital_link, "HtTp://a/00/006141411234567890", "bad_uri at 0: A Digital Link must start with http:// or https://"},
    {"no host", written::digital_link, "https:///01/09520123456788", "bad_uri at 8: The URI has no host name"},
    {"no path", written::digital_link, "https://id.gs1.org", "bad_uri at 18: The URI has no path after the host name"},
    {"bad character in the host", written::digital_link, "https://a$/00/006141411234567890", "bad_uri at 9: '$' at position 9 is not allowed in a host name"},
    {"no primary key in the path", written::digital_link, "https://a/b/c", "bad_path at 9: The URI path holds no GS1 primary key such as /01/ or /00/"},
    {"path ends with '/'", written::digital_link, "https://a/stem/00/006141411234567890/", "bad_path at 36: The URI path may not end with '/'"},
    {"qualifier without a value", written::digital_link, "https://id.gs1.org/01/09520123456788/10/",
     "too_short at 40: AI (10) has no value in the URI path"},
    {"AI without a value at the end of the path", written::digital_link, "https://id.gs1.org/01/09520123456788/10",
     "too_short at 37: AI (10) has no value in the URI path"},
    {"empty value in the query", written::digital_link, "https://a/01/09520123456788?99=", "too_short at 31: AI (99) has no value in the URI query"},
    {"key qualifier in the query (reference §2.7)", written::digital_link, "https://id.gs1.org/01/19501101530000?10=LOT-A1",
     "bad_query at 37: AI (10) belongs in the URI path after AI (01), not in the query"},
    {"serial in the query", written::digital_link, "https://id.gs1.org/01/09520123456788/10/L1?21=S1",
     "bad_query at 43: AI (21) belongs in the URI path after AI (01), not in the query"},
    {"qualifiers out of order", written::digital_link, "https://id.gs1.org/01/09520123456788/21/S1/10/L1",
     "bad_path at 18: AI (10) must come before AI (21) in the URI path"},
    {"CPV after batch", written::digital_link, "https://id.gs1.org/01/09520123456788/10/L1/22/C1",
     "bad_path at 18: AI (22) must come before AI (10) in the URI path"},
    {"qualifiers of both alternatives", written::digital_link, "https://id.gs1.org/01/09520123456788/22/A/235/B",
     "bad_path at 18: AIs (22) and (235) are alternative key qualifiers of AI (01) and may not be used together"},
    {"data attribute in the path", written::digital_link, "https://id.gs1.org/01/09520123456788/17/261231",
     "bad_path at 18: AI (17) is not a key qualifier of AI (01) and may not follow it in the URI path"},
    {"qualifier after a key that takes none", written::digital_link, "https://id.gs1.org/00/106141411234567897/10/L1",
     "bad_path at 18: AI (10) is not a key qualifier of AI (00) and may not follow it in the URI path"},
    {"AI that no Digital Link query may carry", written::digital_link, "https://id.gs1.org/00/106141411234567897?21=S1",
     "bad_query at 41: AI (21) is not allowed in the query of a Digital Link"},
    {"bad percent-encoding", written::digital_link, "https://id.gs1.org/01/09520123456788/10/AB%4g",
     "bad_uri at 42: AI (10): '%' at position 42 must be followed by two hex digits"},
    {"percent-encoding cut off", written::digital_link, "https://id.gs1.org/01/09520123456788?99=AB%2",
     "bad_uri at 42: AI (99): '%' at position 42 must be followed by two hex digits"},
    {"percent-encoded NUL", written::digital_link, "https://id.gs1.org/01/09520123456788/10/AB%00",
     "bad_uri at 42: AI (10): %00 at position 42 is not allowed"},
    {"percent sign in the host", written::digital_link, "https://[fe80::1%25lo]/01/09520123456788",
     "bad_uri at 16: '%' at position 16 is not allowed in a host name"},
    {"required AI missing in a Digital Link", written::digital_link, "https://id.gs1.org/00/106141411234567897?37=5",
     "missing_required_ai at 41: AI (37) needs AI (02) or (8026) in the same code"},
    {"excluded pair in a Digital Link", written::digital_link, "https://id.gs1.org/01/09520123456788?02=19501101530000",
     "excluded_ai_pair at 37: AIs (01) and (02) may not appear together"},
    {"non-printable byte in a URI", written::digital_link, "https://id.gs1.org/01/09520123456788\n",
     "not_ascii at 36: Byte 0x0A at position 36 is not printable ASCII"},
};

} // namespace

TEST_CASE("invalid inputs are rejected with their exact message") {
  CHECK(invalid_inputs.size() >= 60);
  for (const auto& row : invalid_inputs) {
    const std::string what = row.what;
    const std::string form = name(row.form);
    const std::string input = visible(row.input);
    CAPTURE(what);
    CAPTURE(form);
    CAPTURE(input);
    const parsed result = parse(row.form, row.input);
    CHECK(outcome(result) == row.expected);
    // A failed parse is a failure, whatever elements were read before it.
    CHECK_FALSE(static_cast<bool>(result));
  }
}

TEST_CASE("an error names the AI and the value it concerns") {
  const auto p = parse_bracketed("(01)19501101530000(17)261331");
  REQUIRE(p.failure);
  CHECK(p.failure->code == errc::bad_date);
  CHECK(p.failure->ai == "17");
  CHECK(p.failure->value == "261331");
  CHECK(p.failure->position == 24);

  const auto d = parse_digital_link("https://id.gs1.org/01/09520123456788/10/AB%23");
  REQUIRE(d.failure);
  CHECK(d.failure->ai == "10");
  CHECK(d.failure->value == "AB#"); // decoded, as found
}

TEST_CASE("required companions can be left to the rest of the label") {
  // One barcode of a logistic label: its (3302) finds the (00) in another barcode.
  const auto alone = parse_bracketed("(3302)001255(400)PO-98765");
  REQUIRE_FALSE(alone);
  CHECK(alone.failure->message == "AI (3302) needs AI (00) or (01) in the same code");
  parse_options one_of_several;
  one_of_several.require_companions = false;
  CHECK(parse_bracketed("(3302)001255(400)PO-98765", one_of_several));
  CHECK(parse_element_string("3302001255400PO-98765", one_of_several));
  // Everything else is still checked.
  CHECK_FALSE(parse_bracketed("(00)106141411234567890", one_of_several));
  CHECK_FALSE(parse_bracketed("(01)09501101530003(02)09501101530003", one_of_several)); // an excluded pair
}
