// The AI table. Each row mirrors one line of the GS1 Barcode Syntax Dictionary
// (format, flags, req/ex associations, Digital Link role, title); ranges such
// as 3100-3105 are expanded per AI at compile time, so a lookup is a binary
// search in a constant array and nothing is built at run time.
//
// Left out on purpose: 7041 (UN/CEFACT package type codes), 8110 and 8112
// (North American coupon codes). Their content rules are long code lists and
// coupon layouts that have nothing to do with a packing bench; scanning one
// gives "unknown AI".

#include "gs1/ai_table.hpp"

#include <algorithm>
#include <iterator>

namespace stationd::gs1::detail {
namespace {

// One dictionary line.
//   flags: '*' pre-defined length (no GS after the value), '?' allowed as a
//          Digital Link data attribute (query parameter)
//   spec:  value parts, e.g. "N6,yymmdd N4,hhmi" or "N13,csum,key [X..17]"
//   req:   required associations; several groups separated by ' ' must all hold
//   ex:    excluded associations
//   dl:    "" (no Digital Link role), "key" (primary key), "key=22,10,21|235"
//          (primary key with its ordered key qualifiers)
struct family {
  std::string_view first;
  std::string_view last;
  std::string_view flags;
  std::string_view spec;
  std::string_view req;
  std::string_view ex;
  std::string_view dl;
  std::string_view title;
};

constexpr std::string_view any_trade_item = "01,02,03,8006,8026";

// clang-format off
constexpr family families[] = {
  {"00",   "00",   "*?", "N18,csum,keyoff1",           "",                   "",          "key",                  "SSCC"},
  {"01",   "01",   "*?", "N14,csum,keyoff1",           "",                   "255,37",    "key=22,10,21|235",     "GTIN"},
  {"02",   "02",   "*?", "N14,csum,keyoff1",           "37",                 "01,03",     "",                     "CONTENT"},
  {"03",   "03",   "*",  "N14,csum,keyoff1",           "",                   "01,02,37",  "",                     "MTO GTIN"},
  {"10",   "10",   "?",  "X..20",                      any_trade_item,       "",          "",                     "BATCH/LOT"},
  {"11",   "11",   "*?", "N6,yymmd0",                  any_trade_item,       "",          "",                     "PROD DATE"},
  {"12",   "12",   "*?", "N6,yymmd0",                  "8020",               "",          "",                     "DUE DATE"},
  {"13",   "13",   "*?", "N6,yymmd0",                  any_trade_item,       "",          "",                     "PACK DATE"},
  {"15",   "15",   "*?", "N6,yymmd0",                  any_trade_item,       "",          "",                     "BEST BEFORE or BEST BY"},
  {"16",   "16",   "*?", "N6,yymmd0",                  any_trade_item,       "",          "",                     "SELL BY"},
  {"17",   "17",   "*?", "N6,yymmd0",                  "01,02,03,255,8006,8026", "",      "",                     "USE BY or EXPIRY"},
  {"20",   "20",   "*?", "N2",                         "01,02,8006,8026",    "",          "",                     "VARIANT"},
  {"21",   "21",   "",   "X..20",                      "01,03,8006",         "235",       "",                     "SERIAL"},
  {"22",   "22",   "",   "X..20",                      "01",                 "",          "",                     "CPV"},
  {"235",  "235",  "",   "X..28",                      "01",                 "",          "",                     "TPX"},
  {"240",  "240",  "?",  "X..30",                      "01,02,8006,8026",    "",          "",                     "ADDITIONAL ID"},
  {"241",  "241",  "?",  "X..30",                      "01,02,8006,8026",    "",          "",                     "CUST. PART No."},
  {"242",  "242",  "?",  "N..6",                       "01,02,8006,8026",    "",          "",                     "MTO VARIANT"},
  {"243",  "243",  "?",  "X..20",                      "01",                 "",          "",                     "PCN"},
  {"250",  "250",  "?",  "X..30",                      "01,8006 21",         "",          "",                     "SECONDARY SERIAL"},
  {"251",  "251",  "?",  "X..30",                      "01,8006",            "",          "",                     "REF. TO SOURCE"},
  {"253",  "253",  "?",  "N13,csum,key [X..17]",       "",                   "",          "key",                  "GDTI"},
  {"254",  "254",  "",   "X..20",                      "414",                "",          "",                     "GLN EXTENSION COMPONENT"},
  {"255",  "255",  "?",  "N13,csum,key [N..12]",       "",                   "01,02,415,8006,8020,8026", "key",   "GCN"},
  {"30",   "30",   "?",  "N..8",                       "01,02",              "",          "",                     "VAR. COUNT"},
  {"3100", "3105", "*?", "N6",                         "01,02",              "310n",      "",                     "NET WEIGHT (kg)"},
  {"3110", "3115", "*?", "N6",                         "01,02",              "311n",      "",                     "LENGTH (m)"},
  {"3120", "3125", "*?", "N6",                         "01,02",              "312n",      "",                     "WIDTH (m)"},
  {"3130", "3135", "*?", "N6",                         "01,02",              "313n",      "",                     "HEIGHT (m)"},
  {"3140", "3145", "*?", "N6",                         "01,02",              "314n",      "",                     "AREA (m²)"},
  {"3150", "3155", "*?", "N6",                         "01,02",              "315n",      "",                     "NET VOLUME (l)"},
  {"3160", "3165", "*?", "N6",                         "01,02",              "316n",      "",                     "NET VOLUME (m³)"},
  {"3200", "3205", "*?", "N6",                         "01,02",              "320n",      "",                     "NET WEIGHT (lb)"},
  {"3210", "3215", "*?", "N6",                         "01,02",              "321n",      "",                     "LENGTH (in)"},
  {"3220", "3225", "*?", "N6",                         "01,02",              "322n",      "",                     "LENGTH (ft)"},
  {"3230", "3235", "*?", "N6",                         "01,02",              "323n",      "",                     "LENGTH (yd)"},
  {"3240", "3245", "*?", "N6",                         "01,02",              "324n",      "",                     "WIDTH (in)"},
  {"3250", "3255", "*?", "N6",                         "01,02",              "325n",      "",                     "WIDTH (ft)"},
  {"3260", "3265", "*?", "N6",                         "01,02",              "326n",      "",                     "WIDTH (yd)"},
  {"3270", "3275", "*?", "N6",                         "01,02",              "327n",      "",                     "HEIGHT (in)"},
  {"3280", "3285", "*?", "N6",                         "01,02",              "328n",      "",                     "HEIGHT (ft)"},
  {"3290", "3295", "*?", "N6",                         "01,02",              "329n",      "",                     "HEIGHT (yd)"},
  {"3300", "3305", "*?", "N6",                         "00,01",              "330n",      "",                     "GROSS WEIGHT (kg)"},
  {"3310", "3315", "*?", "N6",                         "00,01",              "331n",      "",                     "LENGTH (m), log"},
  {"3320", "3325", "*?", "N6",                         "00,01",              "332n",      "",                     "WIDTH (m), log"},
  {"3330", "3335", "*?", "N6",                         "00,01",              "333n",      "",                     "HEIGHT (m), log"},
  {"3340", "3345", "*?", "N6",                         "00,01",              "334n",      "",                     "AREA (m²), log"},
  {"3350", "3355", "*?", "N6",                         "00,01",              "335n",      "",                     "VOLUME (l), log"},
  {"3360", "3365", "*?", "N6",                         "00,01",              "336n",      "",                     "VOLUME (m³), log"},
  {"3370", "3375", "*?", "N6",                         "01",                 "337n",      "",                     "KG PER m²"},
  {"3400", "3405", "*?", "N6",                         "00,01",              "340n",      "",                     "GROSS WEIGHT (lb)"},
  {"3410", "3415", "*?", "N6",                         "00,01",              "341n",      "",                     "LENGTH (in), log"},
  {"3420", "3425", "*?", "N6",                         "00,01",              "342n",      "",                     "LENGTH (ft), log"},
  {"3430", "3435", "*?", "N6",                         "00,01",              "343n",      "",                     "LENGTH (yd), log"},
  {"3440", "3445", "*?", "N6",                         "00,01",              "344n",      "",                     "WIDTH (in), log"},
  {"3450", "3455", "*?", "N6",                         "00,01",              "345n",      "",                     "WIDTH (ft), log"},
  {"3460", "3465", "*?", "N6",                         "00,01",              "346n",      "",                     "WIDTH (yd), log"},
  {"3470", "3475", "*?", "N6",                         "00,01",              "347n",      "",                     "HEIGHT (in), log"},
  {"3480", "3485", "*?", "N6",                         "00,01",              "348n",      "",                     "HEIGHT (ft), log"},
  {"3490", "3495", "*?", "N6",                         "00,01",              "349n",      "",                     "HEIGHT (yd), log"},
  {"3500", "3505", "*?", "N6",                         "01,02",              "350n",      "",                     "AREA (in²)"},
  {"3510", "3515", "*?", "N6",                         "01,02",              "351n",      "",                     "AREA (ft²)"},
  {"3520", "3525", "*?", "N6",                         "01,02",              "352n",      "",                     "AREA (yd²)"},
  {"3530", "3535", "*?", "N6",                         "00,01",              "353n",      "",                     "AREA (in²), log"},
  {"3540", "3545", "*?", "N6",                         "00,01",              "354n",      "",                     "AREA (ft²), log"},
  {"3550", "3555", "*?", "N6",                         "00,01",              "355n",      "",                     "AREA (yd²), log"},
  {"3560", "3565", "*?", "N6",                         "01,02",              "356n",      "",                     "NET WEIGHT (t oz)"},
  {"3570", "3575", "*?", "N6",                         "01,02",              "357n",      "",                     "NET VOLUME (oz)"},
  {"3600", "3605", "*?", "N6",                         "01,02",              "360n",      "",                     "NET VOLUME (qt)"},
  {"3610", "3615", "*?", "N6",                         "01,02",              "361n",      "",                     "NET VOLUME (gal.)"},
  {"3620", "3625", "*?", "N6",                         "00,01",              "362n",      "",                     "VOLUME (qt), log"},
  {"3630", "3635", "*?", "N6",                         "00,01",              "363n",      "",                     "VOLUME (gal.), log"},
  {"3640", "3645", "*?", "N6",                         "01,02",              "364n",      "",                     "VOLUME (in³)"},
  {"3650", "3655", "*?", "N6",                         "01,02",              "365n",      "",                     "VOLUME (ft³)"},
  {"3660", "3665", "*?", "N6",                         "01,02",              "366n",      "",                     "VOLUME (yd³)"},
  {"3670", "3675", "*?", "N6",                         "00,01",              "367n",      "",                     "VOLUME (in³), log"},
  {"3680", "3685", "*?", "N6",                         "00,01",              "368n",      "",                     "VOLUME (ft³), log"},
  {"3690", "3695", "*?", "N6",                         "00,01",              "369n",      "",                     "VOLUME (yd³), log"},
  {"37",   "37",   "?",  "N..8",                       "00 02,8026",         "",          "",                     "COUNT"},
  {"3900", "3909", "?",  "N..15",                      "255,8020",           "390n,391n,394n,8111", "",           "AMOUNT"},
  {"3910", "3919", "?",  "N3,iso4217 N..15",           "8020",               "391n",      "",                     "AMOUNT"},
  {"3920", "3929", "?",  "N..15",                      "01 30,31nn,32nn,35nn,36nn", "392n,393n", "",            "PRICE"},
  {"3930", "3939", "?",  "N3,iso4217 N..15",           "30,31nn,32nn,35nn,36nn", "393n",  "",                     "PRICE"},
  {"3940", "3943", "?",  "N4",                         "255",                "394n,8111", "",                     "PRCNT OFF"},
  {"3950", "3955", "?",  "N6",                         "30,31nn,32nn,35nn,36nn", "392n,393n,395n,8005", "",     "PRICE/UoM"},
  {"400",  "400",  "?",  "X..30",                      "",                   "",          "",                     "ORDER NUMBER"},
  {"401",  "401",  "?",  "X..30,key",                  "",                   "",          "key",                  "GINC"},
  {"402",  "402",  "?",  "N17,csum,key",               "",                   "",          "key",                  "GSIN"},
  {"403",  "403",  "?",  "X..30",                      "00",                 "",          "",                     "ROUTE"},
  {"410",  "410",  "*?", "N13,csum,key",               "",                   "",          "",                     "SHIP TO LOC"},
  {"411",  "411",  "*?", "N13,csum,key",               "",                   "",          "",                     "BILL TO"},
  {"412",  "412",  "*?", "N13,csum,key",               "",                   "",          "",                     "PURCHASE FROM"},
  {"413",  "413",  "*?", "N13,csum,key",               "",                   "",          "",                     "SHIP FOR LOC"},
  {"414",  "414",  "*?", "N13,csum,key",               "",                   "",          "key=254|7040",         "LOC No."},
  {"415",  "415",  "*?", "N13,csum,key",               "8020",               "",          "key=8020",             "PAY TO"},
  {"416",  "416",  "*?", "N13,csum,key",               "",                   "",          "",                     "PROD/SERV LOC"},
  {"417",  "417",  "*?", "N13,csum,key",               "",                   "",          "key=7040",             "PARTY"},
  {"420",  "420",  "?",  "X..20",                      "",                   "421",       "",                     "SHIP TO POST"},
  {"421",  "421",  "?",  "N3,iso3166 X..9",            "",                   "4307",      "",                     "SHIP TO POST"},
  {"422",  "422",  "?",  "N3,iso3166",                 "01,02,8006,8026",    "426",       "",                     "ORIGIN"},
  {"423",  "423",  "?",  "N3,iso3166 [N3],iso3166 [N3],iso3166 [N3],iso3166 [N3],iso3166", "01,02", "426", "",    "COUNTRY - INITIAL PROCESS"},
  {"424",  "424",  "?",  "N3,iso3166",                 "01,02",              "426",       "",                     "COUNTRY - PROCESS"},
  {"425",  "425",  "?",  "N3,iso3166 [N3],iso3166 [N3],iso3166 [N3],iso3166 [N3],iso3166", "01,02", "426", "",    "COUNTRY - DISASSEMBLY"},
  {"426",  "426",  "?",  "N3,iso3166",                 "01,02",              "",          "",                     "COUNTRY - FULL PROCESS"},
  {"427",  "427",  "?",  "X..3",                       "01,02 422",          "",          "",                     "ORIGIN SUBDIVISION"},
  {"4300", "4300", "?",  "X..35,pcenc",                "00",                 "",          "",                     "SHIP TO COMP"},
  {"4301", "4301", "?",  "X..35,pcenc",                "00",                 "",          "",                     "SHIP TO NAME"},
  {"4302", "4302", "?",  "X..70,pcenc",                "00",                 "",          "",                     "SHIP TO ADD1"},
  {"4303", "4303", "?",  "X..70,pcenc",                "4302",               "",          "",                     "SHIP TO ADD2"},
  {"4304", "4304", "?",  "X..70,pcenc",                "00",                 "",          "",                     "SHIP TO SUB"},
  {"4305", "4305", "?",  "X..70,pcenc",                "00",                 "",          "",                     "SHIP TO LOC"},
  {"4306", "4306", "?",  "X..70,pcenc",                "00",                 "",          "",                     "SHIP TO REG"},
  {"4307", "4307", "?",  "X2,iso3166alpha2",           "00",                 "",          "",                     "SHIP TO COUNTRY"},
  {"4308", "4308", "?",  "X..30",                      "00",                 "",          "",                     "SHIP TO PHONE"},
  {"4309", "4309", "?",  "N10,latitude N10,longitude", "00",                 "",          "",                     "SHIP TO GEO"},
  {"4310", "4310", "?",  "X..35,pcenc",                "00",                 "",          "",                     "RTN TO COMP"},
  {"4311", "4311", "?",  "X..35,pcenc",                "00",                 "",          "",                     "RTN TO NAME"},
  {"4312", "4312", "?",  "X..70,pcenc",                "00",                 "",          "",                     "RTN TO ADD1"},
  {"4313", "4313", "?",  "X..70,pcenc",                "4312",               "",          "",                     "RTN TO ADD2"},
  {"4314", "4314", "?",  "X..70,pcenc",                "00",                 "",          "",                     "RTN TO SUB"},
  {"4315", "4315", "?",  "X..70,pcenc",                "00",                 "",          "",                     "RTN TO LOC"},
  {"4316", "4316", "?",  "X..70,pcenc",                "00",                 "",          "",                     "RTN TO REG"},
  {"4317", "4317", "?",  "X2,iso3166alpha2",           "00",                 "",          "",                     "RTN TO COUNTRY"},
  {"4318", "4318", "?",  "X..20",                      "00",                 "",          "",                     "RTN TO POST"},
  {"4319", "4319", "?",  "X..30",                      "00",                 "",          "",                     "RTN TO PHONE"},
  {"4320", "4320", "?",  "X..35,pcenc",                "00",                 "",          "",                     "SRV DESCRIPTION"},
  {"4321", "4321", "?",  "N1,yesno",                   "00",                 "",          "",                     "DANGEROUS GOODS"},
  {"4322", "4322", "?",  "N1,yesno",                   "00",                 "",          "",                     "AUTH TO LEAVE"},
  {"4323", "4323", "?",  "N1,yesno",                   "00",                 "",          "",                     "SIG REQUIRED"},
  {"4324", "4324", "?",  "N6,yymmd0 N4,hhmi",          "00",                 "",          "",                     "NOT BEF DEL DT"},
  {"4325", "4325", "?",  "N6,yymmd0 N4,hhmi",          "00",                 "",          "",                     "NOT AFT DEL DT"},
  {"4326", "4326", "?",  "N6,yymmdd",                  "00",                 "",          "",                     "REL DATE"},
  {"4330", "4330", "?",  "N6 [X1],hyphen",             "00",                 "4331",      "",                     "MAX TEMP F."},
  {"4331", "4331", "?",  "N6 [X1],hyphen",             "00",                 "4330",      "",                     "MAX TEMP C."},
  {"4332", "4332", "?",  "N6 [X1],hyphen",             "00",                 "4333",      "",                     "MIN TEMP F."},
  {"4333", "4333", "?",  "N6 [X1],hyphen",             "00",                 "4332",      "",                     "MIN TEMP C."},
  {"7001", "7001", "?",  "N13",                        "01,02,8006,8026",    "",          "",                     "NSN"},
  {"7002", "7002", "?",  "X..30",                      "01,02",              "",          "",                     "MEAT CUT"},
  {"7003", "7003", "?",  "N6,yymmdd N4,hhmi",          "01,02",              "",          "",                     "EXPIRY TIME"},
  {"7004", "7004", "?",  "N..4",                       "01 10",              "",          "",                     "ACTIVE POTENCY"},
  {"7005", "7005", "?",  "X..12",                      "01,02",              "",          "",                     "CATCH AREA"},
  {"7006", "7006", "?",  "N6,yymmdd",                  "01,02",              "",          "",                     "FIRST FREEZE DATE"},
  {"7007", "7007", "?",  "N6,yymmdd [N6],yymmdd",      "01,02",              "",          "",                     "HARVEST DATE"},
  {"7008", "7008", "?",  "X..3",                       "01,02",              "",          "",                     "AQUATIC SPECIES"},
  {"7009", "7009", "?",  "X..10",                      "01,02",              "",          "",                     "FISHING GEAR TYPE"},
  {"7010", "7010", "?",  "X..2",                       "01,02",              "",          "",                     "PROD METHOD"},
  {"7011", "7011", "?",  "N6,yymmdd [N4],hhmi",        "01,02",              "",          "",                     "TEST BY DATE"},
  {"7020", "7020", "?",  "X..20",                      "01,8006 416",        "",          "",                     "REFURB LOT"},
  {"7021", "7021", "?",  "X..20",                      "01,8006",            "",          "",                     "FUNC STAT"},
  {"7022", "7022", "?",  "X..20",                      "7021",               "",          "",                     "REV STAT"},
  {"7023", "7023", "?",  "X..30,key",                  "",                   "",          "",                     "GIAI - ASSEMBLY"},
  {"7030", "7030", "?",  "N3,iso3166999 X..27",        "01,02",              "",          "",                     "PROCESSOR # 0"},
  {"7031", "7031", "?",  "N3,iso3166999 X..27",        "01,02",              "",          "",                     "PROCESSOR # 1"},
  {"7032", "7032", "?",  "N3,iso3166999 X..27",        "01,02",              "",          "",                     "PROCESSOR # 2"},
  {"7033", "7033", "?",  "N3,iso3166999 X..27",        "01,02",              "",          "",                     "PROCESSOR # 3"},
  {"7034", "7034", "?",  "N3,iso3166999 X..27",        "01,02",              "",          "",                     "PROCESSOR # 4"},
  {"7035", "7035", "?",  "N3,iso3166999 X..27",        "01,02",              "",          "",                     "PROCESSOR # 5"},
  {"7036", "7036", "?",  "N3,iso3166999 X..27",        "01,02",              "",          "",                     "PROCESSOR # 6"},
  {"7037", "7037", "?",  "N3,iso3166999 X..27",        "01,02",              "",          "",                     "PROCESSOR # 7"},
  {"7038", "7038", "?",  "N3,iso3166999 X..27",        "01,02",              "",          "",                     "PROCESSOR # 8"},
  {"7039", "7039", "?",  "N3,iso3166999 X..27",        "01,02",              "",          "",                     "PROCESSOR # 9"},
  {"7040", "7040", "",   "N1 X1 X1 X1,importeridx",    "",                   "",          "",                     "UIC+EXT"},
  {"710",  "710",  "?",  "X..20",                      "01",                 "",          "",                     "NHRN PZN"},
  {"711",  "711",  "?",  "X..20",                      "01",                 "",          "",                     "NHRN CIP"},
  {"712",  "712",  "?",  "X..20",                      "01",                 "",          "",                     "NHRN CN"},
  {"713",  "713",  "?",  "X..20",                      "01",                 "",          "",                     "NHRN DRN"},
  {"714",  "714",  "?",  "X..20",                      "01",                 "",          "",                     "NHRN AIM"},
  {"715",  "715",  "?",  "X..20",                      "01",                 "",          "",                     "NHRN NDC"},
  {"716",  "716",  "?",  "X..20",                      "01",                 "",          "",                     "NHRN AIC"},
  {"7230", "7230", "?",  "X2 X..28",                   "01,8004",            "",          "",                     "CERT # 1"},
  {"7231", "7231", "?",  "X2 X..28",                   "01,8004",            "",          "",                     "CERT # 2"},
  {"7232", "7232", "?",  "X2 X..28",                   "01,8004",            "",          "",                     "CERT # 3"},
  {"7233", "7233", "?",  "X2 X..28",                   "01,8004",            "",          "",                     "CERT # 4"},
  {"7234", "7234", "?",  "X2 X..28",                   "01,8004",            "",          "",                     "CERT # 5"},
  {"7235", "7235", "?",  "X2 X..28",                   "01,8004",            "",          "",                     "CERT # 6"},
  {"7236", "7236", "?",  "X2 X..28",                   "01,8004",            "",          "",                     "CERT # 7"},
  {"7237", "7237", "?",  "X2 X..28",                   "01,8004",            "",          "",                     "CERT # 8"},
  {"7238", "7238", "?",  "X2 X..28",                   "01,8004",            "",          "",                     "CERT # 9"},
  {"7239", "7239", "?",  "X2 X..28",                   "01,8004",            "",          "",                     "CERT # 10"},
  {"7240", "7240", "?",  "X..20",                      "01,8006",            "",          "",                     "PROTOCOL"},
  {"7241", "7241", "?",  "N2,mediatype",               "8017,8018",          "",          "",                     "AIDC MEDIA TYPE"},
  {"7242", "7242", "?",  "X..25",                      "8017,8018",          "",          "",                     "VCN"},
  {"7250", "7250", "?",  "N8,yyyymmdd",                "8018",               "7251",      "",                     "DOB"},
  {"7251", "7251", "?",  "N8,yyyymmdd N4,hhmi",        "8018",               "7250",      "",                     "DOB TIME"},
  {"7252", "7252", "?",  "N1,iso5218",                 "8018",               "",          "",                     "BIO SEX"},
  {"7253", "7253", "?",  "X..40,pcenc",                "8017,8018",          "7256,7259", "",                     "FAMILY NAME"},
  {"7254", "7254", "?",  "X..40,pcenc",                "8017,8018",          "7256,7259", "",                     "GIVEN NAME"},
  {"7255", "7255", "?",  "X..10",                      "8017,8018",          "7256,7259", "",                     "SUFFIX"},
  {"7256", "7256", "?",  "X..90,pcenc",                "8017,8018",          "",          "",                     "FULL NAME"},
  {"7257", "7257", "?",  "X..70,pcenc",                "8018",               "",          "",                     "PERSON ADDR"},
  {"7258", "7258", "?",  "X3,posinseqslash",           "8018+7259",          "",          "",                     "BIRTH SEQUENCE"},
  {"7259", "7259", "?",  "X..40,pcenc",                "8018",               "7256",      "",                     "BABY"},
  {"8001", "8001", "?",  "N4,nonzero N5,nonzero N3,nonzero N1,winding N1", "01", "",      "",                     "DIMENSIONS"},
  {"8002", "8002", "?",  "X..20",                      "",                   "",          "",                     "CMT No."},
  {"8003", "8003", "?",  "N1,zero N13,csum,key [X..16]", "",                 "",          "key",                  "GRAI"},
  {"8004", "8004", "?",  "X..30,key",                  "",                   "",          "key=7040",             "GIAI"},
  {"8005", "8005", "?",  "N6",                         "01,02",              "",          "",                     "PRICE PER UNIT"},
  {"8006", "8006", "?",  "N14,csum,keyoff1 N4,pieceoftotal", "",             "01,37",     "key=22,10,21",         "ITIP"},
  {"8007", "8007", "?",  "X..34,iban",                 "415",                "",          "",                     "IBAN"},
  {"8008", "8008", "?",  "N6,yymmdd N2,hh [N2],mi [N2],ss", "01,02",         "",          "",                     "PROD TIME"},
  {"8009", "8009", "?",  "X..50",                      "00,01",              "",          "",                     "OPTSEN"},
  {"8010", "8010", "?",  "Y..30,key",                  "",                   "",          "key=8011",             "CPID"},
  {"8011", "8011", "",   "N..12,nozeroprefix",         "8010",               "",          "",                     "CPID SERIAL"},
  {"8012", "8012", "?",  "X..20",                      "01,8006",            "",          "",                     "VERSION"},
  {"8013", "8013", "?",  "X..25,csumalpha,key",        "",                   "",          "key",                  "GMN"},
  {"8014", "8014", "",   "X..25,csumalpha,key,hasnondigit", "01",            "",          "",                     "MUDI"},
  {"8017", "8017", "?",  "N18,csum,key",               "",                   "8018",      "key=8019",             "GSRN - PROVIDER"},
  {"8018", "8018", "?",  "N18,csum,key",               "",                   "8017",      "key=8019",             "GSRN - RECIPIENT"},
  {"8019", "8019", "",   "N..10",                      "8017,8018",          "",          "",                     "SRIN"},
  {"8020", "8020", "",   "X..25",                      "415",                "",          "",                     "REF No."},
  {"8026", "8026", "?",  "N14,csum,keyoff1 N4,pieceoftotal", "37",           "02,8006",   "",                     "ITIP CONTENT"},
  {"8030", "8030", "?",  "Z..90",                      "00,01+21,253,255,8003,8004,8006+21,8010+8011,8017,8018", "", "", "DIGSIG"},
  {"8111", "8111", "?",  "N4",                         "255",                "",          "",                     "POINTS"},
  {"8200", "8200", "",   "X..70",                      "01",                 "",          "",                     "PRODUCT URL"},
  {"90",   "90",   "?",  "X..30",                      "",                   "",          "",                     "INTERNAL"},
  {"91",   "99",   "?",  "X..90",                      "",                   "",          "",                     "INTERNAL"},
};
// clang-format on

constexpr std::size_t family_count = std::size(families);

// ------------------------------------------------ reading the spec text

constexpr bool is_digit(char c) { return c >= '0' && c <= '9'; }

constexpr int to_int(std::string_view digits) {
  int v = 0;
  for (char c : digits) v = v * 10 + (c - '0');
  return v;
}

struct linter_name {
  std::string_view name;
  linter id;
};

constexpr linter_name linter_names[] = {
    {"csum", linter::csum},
    {"csumalpha", linter::csumalpha},
    {"key", linter::key},
    {"keyoff1", linter::keyoff1},
    {"yymmd0", linter::yymmd0},
    {"yymmdd", linter::yymmdd},
    {"yyyymmdd", linter::yyyymmdd},
    {"hh", linter::hh},
    {"mi", linter::mi},
    {"ss", linter::ss},
    {"hhmi", linter::hhmi},
    {"iso3166", linter::iso3166},
    {"iso3166999", linter::iso3166999},
    {"iso3166alpha2", linter::iso3166alpha2},
    {"iso4217", linter::iso4217},
    {"iso5218", linter::iso5218},
    {"iban", linter::iban},
    {"pieceoftotal", linter::pieceoftotal},
    {"nonzero", linter::nonzero},
    {"zero", linter::zero},
    {"winding", linter::winding},
    {"yesno", linter::yesno},
    {"hyphen", linter::hyphen},
    {"latitude", linter::latitude},
    {"longitude", linter::longitude},
    {"pcenc", linter::pcenc},
    {"importeridx", linter::importeridx},
    {"mediatype", linter::mediatype},
    {"nozeroprefix", linter::nozeroprefix},
    {"hasnondigit", linter::hasnondigit},
    {"posinseqslash", linter::posinseqslash},
};

constexpr linter linter_from_name(std::string_view name, bool& ok) {
  for (const auto& n : linter_names)
    if (n.name == name) return n.id;
  ok = false;
  return linter::none;
}

// "N6,yymmd0", "[N3],iso3166", "X..20", "Z..90"
constexpr component parse_component(std::string_view text, bool& ok) {
  component c;
  std::size_t comma = text.find(',');
  std::string_view type = text.substr(0, comma);
  if (!type.empty() && type.front() == '[') {
    if (type.back() != ']') ok = false;
    c.optional = true;
    type = type.substr(1, type.size() - 2);
  }
  if (type.empty()) {
    ok = false;
    return c;
  }
  switch (type.front()) {
  case 'N': c.cset = char_set::numeric; break;
  case 'X': c.cset = char_set::cset82; break;
  case 'Y': c.cset = char_set::cset39; break;
  case 'Z': c.cset = char_set::cset64; break;
  default: ok = false; break;
  }
  type.remove_prefix(1);
  bool variable = type.starts_with("..");
  if (variable) type.remove_prefix(2);
  if (type.empty()) ok = false;
  for (char ch : type)
    if (!is_digit(ch)) ok = false;
  const int length = to_int(type);
  if (length < 1 || length > 99) ok = false;
  c.max = static_cast<std::uint8_t>(length);
  c.min = variable ? 1 : c.max;

  std::size_t count = 0;
  while (comma != std::string_view::npos) {
    const std::size_t next = text.find(',', comma + 1);
    const std::string_view name = text.substr(comma + 1, next == std::string_view::npos ? std::string_view::npos : next - comma - 1);
    if (count + 1 >= c.linters.size()) ok = false;
    else c.linters[count++] = linter_from_name(name, ok);
    comma = next;
  }
  return c;
}

constexpr format parse_format(std::string_view spec) {
  format f;
  bool ok = true;
  bool seen_optional = false;
  std::size_t start = 0;
  while (start < spec.size()) {
    std::size_t end = spec.find(' ', start);
    if (end == std::string_view::npos) end = spec.size();
    if (end > start) {
      if (f.count == f.parts.size()) {
        ok = false;
        break;
      }
      component c = parse_component(spec.substr(start, end - start), ok);
      // The dictionary's rules: no mandatory part after an optional one, and
      // only the last part may vary in length.
      if (seen_optional && !c.optional) ok = false;
      seen_optional = seen_optional || c.optional;
      if (f.count > 0 && f.parts[f.count - 1].min != f.parts[f.count - 1].max) ok = false;
      if (!c.optional) f.min_length = static_cast<std::uint8_t>(f.min_length + c.min);
      f.max_length = static_cast<std::uint8_t>(f.max_length + c.max);
      if (c.cset != char_set::numeric) f.numeric = false;
      f.parts[f.count++] = c;
    }
    start = end + 1;
  }
  f.readable = ok && f.count > 0;
  return f;
}

constexpr std::array<format, family_count> make_formats() {
  std::array<format, family_count> out{};
  for (std::size_t i = 0; i < family_count; ++i) out[i] = parse_format(families[i].spec);
  return out;
}

constexpr auto formats = make_formats();

// ------------------------------------------------ expanding the ranges

constexpr std::size_t count_entries() {
  std::size_t n = 0;
  for (const auto& f : families) n += static_cast<std::size_t>(to_int(f.last) - to_int(f.first) + 1);
  return n;
}

constexpr std::size_t entry_count = count_entries();
constexpr std::size_t code_width = 4;

// Every AI's digits, four characters per AI, so each definition's `ai` can
// view into constant storage.
constexpr std::array<char, entry_count * code_width> make_codes() {
  std::array<char, entry_count * code_width> out{};
  std::size_t n = 0;
  for (const auto& f : families) {
    const int first = to_int(f.first);
    const int last = to_int(f.last);
    for (int v = first; v <= last; ++v, ++n) {
      int rest = v;
      for (std::size_t i = f.first.size(); i-- > 0;) {
        out[n * code_width + i] = static_cast<char>('0' + rest % 10);
        rest /= 10;
      }
    }
  }
  return out;
}

constexpr auto codes = make_codes();

// 31nn-36nn and 39nn carry the number of decimals in their last digit.
constexpr int decimals_of(std::string_view ai) {
  if (ai.size() != 4) return -1;
  if ((ai[0] == '3' && ai[1] >= '1' && ai[1] <= '6') || (ai[0] == '3' && ai[1] == '9')) return ai[3] - '0';
  return -1;
}

constexpr std::array<ai_entry, entry_count> make_entries() {
  std::array<ai_entry, entry_count> out{};
  std::size_t n = 0;
  for (std::size_t fi = 0; fi < family_count; ++fi) {
    const family& f = families[fi];
    const format& fmt = formats[fi];
    const int count = to_int(f.last) - to_int(f.first) + 1;
    for (int k = 0; k < count; ++k, ++n) {
      ai_entry& e = out[n];
      e.def.ai = std::string_view(codes.data() + n * code_width, f.first.size());
      e.def.title = f.title;
      e.def.fnc1_required = f.flags.find('*') == std::string_view::npos;
      e.def.min_length = fmt.min_length;
      e.def.max_length = fmt.max_length;
      e.def.decimals = decimals_of(e.def.ai);
      e.def.dl_primary_key = f.dl.starts_with("key");
      e.def.dl_data_attribute = f.flags.find('?') != std::string_view::npos;
      e.fmt = &fmt;
      e.req = f.req;
      e.ex = f.ex;
      e.qualifiers = f.dl.starts_with("key=") ? f.dl.substr(4) : std::string_view{};
    }
  }
  return out;
}

constexpr auto entries = make_entries();

// ------------------------------------------------ per two-digit prefix

constexpr int prefix_of(std::string_view ai) { return (ai[0] - '0') * 10 + (ai[1] - '0'); }

// bucket_start[p] .. bucket_start[p + 1]: the entries whose AI starts with the
// two digits p.
constexpr std::array<std::uint16_t, 101> make_buckets() {
  std::array<std::uint16_t, 101> out{};
  std::size_t n = 0;
  for (int p = 0; p <= 100; ++p) {
    while (n < entry_count && prefix_of(entries[n].def.ai) < p) ++n;
    out[static_cast<std::size_t>(p)] = static_cast<std::uint16_t>(n);
  }
  return out;
}

constexpr auto bucket_start = make_buckets();

constexpr std::array<std::uint8_t, 100> make_prefix_lengths() {
  std::array<std::uint8_t, 100> out{};
  for (const auto& e : entries) out[static_cast<std::size_t>(prefix_of(e.def.ai))] = static_cast<std::uint8_t>(e.def.ai.size());
  return out;
}

constexpr auto prefix_lengths = make_prefix_lengths();

// ------------------------------------------------ compile-time checks of the table

constexpr bool all_formats_readable() {
  for (const auto& f : formats)
    if (!f.readable) return false;
  return true;
}

constexpr bool sorted_and_unique() {
  for (std::size_t i = 1; i < entry_count; ++i)
    if (!(entries[i - 1].def.ai < entries[i].def.ai)) return false;
  return true;
}

constexpr bool prefix_lengths_consistent() {
  for (const auto& e : entries)
    if (prefix_lengths[static_cast<std::size_t>(prefix_of(e.def.ai))] != e.def.ai.size()) return false;
  return true;
}

constexpr bool table_has(std::string_view pattern) {
  for (const auto& e : entries)
    if (ai_matches(pattern, e.def.ai)) return true;
  return false;
}

// Every AI named in req / ex / qualifiers must exist: a typo would silently
// weaken a rule.
constexpr bool references_known(std::string_view list) {
  std::size_t start = 0;
  while (start <= list.size()) {
    std::size_t end = list.find_first_of(" ,+|", start);
    if (end == std::string_view::npos) end = list.size();
    if (end > start && !table_has(list.substr(start, end - start))) return false;
    start = end + 1;
  }
  return true;
}

constexpr bool all_references_known() {
  for (const auto& e : entries)
    if (!references_known(e.req) || !references_known(e.ex) || !references_known(e.qualifiers)) return false;
  return true;
}

static_assert(all_formats_readable(), "a spec in the AI table cannot be read");
static_assert(sorted_and_unique(), "the AI table must be sorted and free of duplicates");
static_assert(prefix_lengths_consistent(), "AIs sharing two leading digits must have the same length");
static_assert(all_references_known(), "an association names an AI that is not in the table");

} // namespace

const ai_entry* lookup(std::string_view ai) noexcept {
  if (ai.size() < 2 || ai.size() > 4 || !is_digit(ai[0]) || !is_digit(ai[1])) return nullptr;
  const auto p = static_cast<std::size_t>(prefix_of(ai));
  const ai_entry* first = entries.data() + bucket_start[p];
  const ai_entry* last = entries.data() + bucket_start[p + 1];
  const ai_entry* it = std::lower_bound(first, last, ai, [](const ai_entry& e, std::string_view key) { return e.def.ai < key; });
  return it != last && it->def.ai == ai ? it : nullptr;
}

std::size_t ai_length_for_prefix(char d0, char d1) noexcept {
  if (!is_digit(d0) || !is_digit(d1)) return 0;
  return prefix_lengths[static_cast<std::size_t>((d0 - '0') * 10 + (d1 - '0'))];
}

const ai_entry* entries_begin() noexcept { return entries.data(); }
const ai_entry* entries_end() noexcept { return entries.data() + entries.size(); }

} // namespace stationd::gs1::detail

namespace stationd::gs1 {

const ai_definition* find_ai(std::string_view ai) {
  const auto* e = detail::lookup(ai);
  return e ? &e->def : nullptr;
}

std::vector<const ai_definition*> all_ais() {
  std::vector<const ai_definition*> out;
  out.reserve(static_cast<std::size_t>(detail::entries_end() - detail::entries_begin()));
  for (const auto* e = detail::entries_begin(); e != detail::entries_end(); ++e) out.push_back(&e->def);
  return out;
}

} // namespace stationd::gs1
