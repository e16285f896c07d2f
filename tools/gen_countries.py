#!/usr/bin/env python3
"""Writes server/annotate/lexicons/countries.tsv (run by hand; its output is committed).

Names and codes come from Debian's iso-codes (ISO 3166-1 current, 3166-3 withdrawn); short
names, alternative names, demonyms, capitals and blocs below are general knowledge.
usage: tools/gen_countries.py > server/annotate/lexicons/countries.tsv
"""
import json
import sys

ISO = "/usr/share/iso-codes/json/"

# Short English names where ISO's sort form is not what copy says.
SHORT = {
    "BO": "Bolivia", "BN": "Brunei", "CD": "Democratic Republic of the Congo", "CG": "Congo",
    "CI": "Ivory Coast", "CV": "Cape Verde", "CZ": "Czech Republic", "FK": "Falkland Islands",
    "FM": "Micronesia", "IR": "Iran", "KP": "North Korea", "KR": "South Korea", "LA": "Laos",
    "MD": "Moldova", "MK": "North Macedonia", "PS": "Palestine", "RU": "Russia", "SY": "Syria",
    "TW": "Taiwan", "TZ": "Tanzania", "VA": "Vatican", "VE": "Venezuela", "VN": "Vietnam",
    "TR": "Turkey", "SZ": "Eswatini", "MO": "Macau", "VG": "British Virgin Islands",
    "VI": "U.S. Virgin Islands", "TL": "East Timor", "GM": "Gambia", "BS": "Bahamas",
    "MF": "Saint Martin", "SX": "Sint Maarten", "CC": "Cocos Islands",
    "SH": "Saint Helena", "BQ": "Caribbean Netherlands", "UM": "U.S. Minor Outlying Islands",
}

# Names that are too often something else in English copy (a US state, a given name, a
# dish): they are left out rather than risk false mentions.
SKIP_NAME = {"GE", "JE", "TD", "NE"}

# code: (alternative names, demonyms, capitals)
EXTRA = {
    "US": (["U.S.", "US", "U.S.A.", "USA", "America", "United States of America"],
           ["American", "Americans"], ["Washington"]),
    "CN": (["People's Republic of China", "PRC", "P.R.C.", "mainland China"],
           ["Chinese", "Sino"], ["Beijing", "Peking"]),
    "JP": ([], ["Japanese"], ["Tokyo"]),
    "KR": (["Korea", "Republic of Korea", "ROK"], ["South Korean", "South Koreans", "Korean", "Koreans"], ["Seoul"]),
    "KP": (["DPRK"], ["North Korean", "North Koreans"], ["Pyongyang"]),
    "TW": (["Republic of China", "Formosa", "Chinese Taipei"], ["Taiwanese"], ["Taipei"]),
    "HK": ([], ["Hong Konger", "Hong Kongers"], []),
    "MO": (["Macao"], ["Macanese"], []),
    "GB": (["U.K.", "UK", "Britain", "Great Britain"], ["British", "Briton", "Britons"], ["London"]),
    "DE": (["West Germany", "Federal Republic of Germany"], ["German", "Germans", "West German"], ["Bonn", "Berlin"]),
    "DD": (["East Germany", "German Democratic Republic", "GDR"], ["East German", "East Germans"], []),
    "FR": ([], ["French"], ["Paris"]),
    "IT": ([], ["Italian", "Italians"], ["Rome"]),
    "ES": ([], ["Spanish", "Spaniards"], ["Madrid"]),
    "PT": ([], ["Portuguese"], ["Lisbon"]),
    "NL": (["Holland", "The Netherlands"], ["Dutch"], ["The Hague"]),
    "BE": ([], ["Belgian", "Belgians"], ["Brussels"]),
    "LU": ([], ["Luxembourgish"], []),
    "CH": ([], ["Swiss"], ["Bern", "Berne"]),
    "AT": ([], ["Austrian", "Austrians"], ["Vienna"]),
    "IE": (["Irish Republic"], ["Irish"], ["Dublin"]),
    "DK": ([], ["Danish", "Danes"], ["Copenhagen"]),
    "SE": ([], ["Swedish", "Swedes"], ["Stockholm"]),
    "NO": ([], ["Norwegian", "Norwegians"], ["Oslo"]),
    "FI": ([], ["Finnish", "Finns"], ["Helsinki"]),
    "IS": ([], ["Icelandic"], ["Reykjavik"]),
    "GR": ([], ["Greek", "Greeks"], ["Athens"]),
    "CY": ([], ["Cypriot"], ["Nicosia"]),
    "MT": ([], ["Maltese"], ["Valletta"]),
    "PL": ([], ["Polish", "Poles"], ["Warsaw"]),
    "CZ": (["Czechia"], ["Czech"], ["Prague"]),
    "SK": ([], ["Slovak"], ["Bratislava"]),
    "HU": ([], ["Hungarian", "Hungarians"], ["Budapest"]),
    "RO": (["Rumania"], ["Romanian", "Romanians", "Rumanian"], ["Bucharest"]),
    "BG": ([], ["Bulgarian", "Bulgarians"], ["Sofia"]),
    "RS": ([], ["Serbian", "Serbs"], ["Belgrade"]),
    "HR": ([], ["Croatian", "Croats"], ["Zagreb"]),
    "SI": ([], ["Slovenian", "Slovene"], ["Ljubljana"]),
    "BA": (["Bosnia"], ["Bosnian"], ["Sarajevo"]),
    "AL": ([], ["Albanian"], ["Tirana"]),
    "MK": (["Macedonia"], ["Macedonian"], ["Skopje"]),
    "UA": ([], ["Ukrainian", "Ukrainians"], ["Kyiv", "Kiev"]),
    "BY": ([], ["Belarusian"], ["Minsk"]),
    "RU": (["Russian Federation"], ["Russian", "Russians"], ["Moscow"]),
    "SU": (["Soviet Union", "USSR", "U.S.S.R."], ["Soviet", "Soviets"], []),
    "CS": (["Czechoslovakia"], ["Czechoslovak"], []),
    "YU": (["Yugoslavia"], ["Yugoslav"], []),
    "EE": ([], ["Estonian"], ["Tallinn"]),
    "LV": ([], ["Latvian"], ["Riga"]),
    "LT": ([], ["Lithuanian"], ["Vilnius"]),
    "TR": (["Turkiye", "Türkiye"], ["Turkish", "Turks"], ["Ankara"]),
    "CA": ([], ["Canadian", "Canadians"], ["Ottawa"]),
    "MX": ([], ["Mexican", "Mexicans"], ["Mexico City"]),
    "BR": ([], ["Brazilian", "Brazilians"], ["Brasilia"]),
    "AR": ([], ["Argentine", "Argentinian", "Argentines"], ["Buenos Aires"]),
    "CL": ([], ["Chilean", "Chileans"], ["Santiago"]),
    "CO": ([], ["Colombian", "Colombians"], ["Bogota"]),
    "PE": ([], ["Peruvian", "Peruvians"], ["Lima"]),
    "VE": ([], ["Venezuelan", "Venezuelans"], ["Caracas"]),
    "EC": ([], ["Ecuadorean", "Ecuadorian"], ["Quito"]),
    "BO": ([], ["Bolivian"], ["La Paz"]),
    "UY": ([], ["Uruguayan"], ["Montevideo"]),
    "PY": ([], ["Paraguayan"], ["Asuncion"]),
    "CU": ([], ["Cuban", "Cubans"], ["Havana"]),
    "CR": ([], ["Costa Rican"], []),
    "GT": ([], ["Guatemalan"], []),
    "HN": ([], ["Honduran"], ["Tegucigalpa"]),
    "NI": ([], ["Nicaraguan"], ["Managua"]),
    "SV": ([], ["Salvadoran"], []),
    "PA": ([], ["Panamanian"], []),
    "DO": ([], ["Dominican"], ["Santo Domingo"]),
    "JM": ([], ["Jamaican"], ["Kingston"]),
    "HT": ([], ["Haitian"], []),
    "AU": ([], ["Australian", "Australians"], ["Canberra"]),
    "NZ": ([], ["New Zealander"], ["Wellington"]),
    "IN": ([], ["Indian", "Indians"], ["New Delhi"]),
    "PK": ([], ["Pakistani", "Pakistanis"], ["Islamabad"]),
    "BD": ([], ["Bangladeshi"], ["Dhaka"]),
    "LK": (["Ceylon"], ["Sri Lankan"], ["Colombo"]),
    "NP": ([], ["Nepalese", "Nepali"], ["Kathmandu"]),
    "ID": ([], ["Indonesian", "Indonesians"], ["Jakarta"]),
    "MY": ([], ["Malaysian", "Malaysians"], ["Kuala Lumpur"]),
    "SG": ([], ["Singaporean", "Singaporeans"], []),
    "TH": (["Siam"], ["Thai"], ["Bangkok"]),
    "PH": ([], ["Philippine", "Filipino", "Filipinos"], ["Manila"]),
    "VN": (["Viet Nam"], ["Vietnamese"], ["Hanoi"]),
    "KH": (["Kampuchea"], ["Cambodian"], ["Phnom Penh"]),
    "LA": ([], ["Laotian", "Lao"], ["Vientiane"]),
    "MM": (["Burma"], ["Burmese", "Myanmar's"], ["Rangoon", "Yangon", "Naypyitaw"]),
    "MN": ([], ["Mongolian"], ["Ulan Bator", "Ulaanbaatar"]),
    "KZ": ([], ["Kazakh"], ["Astana"]),
    "UZ": ([], ["Uzbek"], ["Tashkent"]),
    "AF": ([], ["Afghan"], ["Kabul"]),
    "IR": ([], ["Iranian", "Iranians"], ["Tehran"]),
    "IQ": ([], ["Iraqi", "Iraqis"], ["Baghdad"]),
    "SY": ([], ["Syrian"], ["Damascus"]),
    "LB": ([], ["Lebanese"], ["Beirut"]),
    "IL": ([], ["Israeli", "Israelis"], ["Jerusalem", "Tel Aviv"]),
    "PS": ([], ["Palestinian", "Palestinians"], []),
    "JO": ([], ["Jordanian"], ["Amman"]),
    "SA": ([], ["Saudi", "Saudis"], ["Riyadh"]),
    "AE": (["UAE", "U.A.E."], ["Emirati"], ["Abu Dhabi"]),
    "QA": ([], ["Qatari"], ["Doha"]),
    "KW": ([], ["Kuwaiti"], []),
    "BH": ([], ["Bahraini"], ["Manama"]),
    "OM": ([], ["Omani"], ["Muscat"]),
    "YE": ([], ["Yemeni"], ["Sanaa"]),
    "EG": ([], ["Egyptian", "Egyptians"], ["Cairo"]),
    "LY": ([], ["Libyan"], ["Tripoli"]),
    "TN": ([], ["Tunisian"], ["Tunis"]),
    "DZ": ([], ["Algerian"], ["Algiers"]),
    "MA": ([], ["Moroccan"], ["Rabat"]),
    "SD": ([], ["Sudanese"], ["Khartoum"]),
    "ET": ([], ["Ethiopian"], ["Addis Ababa"]),
    "KE": ([], ["Kenyan", "Kenyans"], ["Nairobi"]),
    "UG": ([], ["Ugandan", "Ugandans"], ["Kampala"]),
    "TZ": ([], ["Tanzanian"], ["Dodoma"]),
    "RW": ([], ["Rwandan"], ["Kigali"]),
    "NG": ([], ["Nigerian", "Nigerians"], ["Abuja", "Lagos"]),
    "GH": ([], ["Ghanaian"], ["Accra"]),
    "CI": (["Cote d'Ivoire", "Côte d'Ivoire"], ["Ivorian"], ["Abidjan"]),
    "SN": ([], ["Senegalese"], ["Dakar"]),
    "CM": ([], ["Cameroonian"], ["Yaounde"]),
    "CD": (["Zaire", "DR Congo", "DRC"], ["Congolese", "Zairean"], ["Kinshasa"]),
    "AO": ([], ["Angolan"], ["Luanda"]),
    "ZM": ([], ["Zambian"], ["Lusaka"]),
    "ZW": (["Rhodesia"], ["Zimbabwean"], ["Harare"]),
    "MZ": ([], ["Mozambican"], ["Maputo"]),
    "MW": ([], ["Malawian"], ["Lilongwe"]),
    "ZA": ([], ["South African", "South Africans"], ["Pretoria"]),
    "NA": ([], ["Namibian"], ["Windhoek"]),
    "BW": ([], ["Botswanan"], ["Gaborone"]),
    "MG": ([], ["Malagasy"], ["Antananarivo"]),
    "MU": ([], ["Mauritian"], []),
    "ML": ([], ["Malian"], ["Bamako"]),
    "BF": ([], ["Burkinabe"], ["Ouagadougou"]),
    "FJ": ([], ["Fijian"], ["Suva"]),
    "PG": ([], ["Papua New Guinean"], ["Port Moresby"]),
    "BN": (["Brunei Darussalam"], ["Bruneian"], []),
}

# Blocs: (name, code, alternative names)
BLOCS = [
    ("European Union", "EU", ["EU", "E.U.", "European Community", "EC", "E.C.",
                              "European Economic Community", "EEC", "Common Market",
                              "European Communities"]),
    ("ASEAN", "", ["Association of Southeast Asian Nations", "Association of South East Asian Nations",
               "Association of South-East Asian Nations"]),
    ("Mercosur", "", ["Mercosul"]),
]

# Demonym forms that are country mentions only as adjectives or plural nouns, never names of
# other things ("European" gets the EU code: copy uses it for the bloc).
BLOC_DEMONYMS = [("European", "EU"), ("Europeans", "EU")]


def main():
    rows = []
    cur = json.load(open(ISO + "iso_3166-1.json", encoding="utf-8"))["3166-1"]
    names = {}
    for c in cur:
        code = c["alpha_2"]
        short = SHORT.get(code) or c.get("common_name") or c["name"]
        names[code] = short
        if code in SKIP_NAME:
            continue
        rows.append((short, code, "name", short))
        for alt in (c["name"], c.get("common_name"), c.get("official_name")):
            if alt and alt != short and "," not in alt and "(" not in alt:
                rows.append((alt, code, "alt", short))
    old = json.load(open(ISO + "iso_3166-3.json", encoding="utf-8"))["3166-3"]
    for c in old:
        code = c["alpha_2"]
        if code in ("CS", "SU", "YU", "DD", "ZR", "BU"):
            short = {"CS": "Czechoslovakia", "SU": "Soviet Union", "YU": "Yugoslavia",
                     "DD": "East Germany", "ZR": "Zaire", "BU": "Burma"}[code]
            if code in ("ZR", "BU"):
                continue  # copy of the time: mapped to today's code below
            names[code] = short
            rows.append((short, code, "name", short))
    for code, (alts, dems, caps) in EXTRA.items():
        short = names[code]
        for a in alts:
            rows.append((a, code, "alt", short))
        for d in dems:
            rows.append((d, code, "demonym", short))
        for cap in caps:
            rows.append((cap, code, "capital", short))
    # seats of government that stand for it in any position ("the Kremlin said")
    for seat, code in (("Kremlin", "RU"),):
        rows.append((seat, code, "seat", names[code]))
    for name, code, alts in BLOCS:
        rows.append((name, code, "name", name))
        for a in alts:
            rows.append((a, code, "alt", a if a.startswith("European") else name))
        # blocs without a code are told apart by their short name
    for d, code in BLOC_DEMONYMS:
        rows.append((d, code, "demonym", "European Union"))
    seen = set()
    out = sys.stdout
    out.write("# countries.tsv - countries, territories and blocs: every form a body may use.\n"
              "# Generated by tools/gen_countries.py from Debian iso-codes (ISO 3166-1, and\n"
              "# ISO 3166-3 for withdrawn states of 1980s copy); alternative names, demonyms,\n"
              "# capitals and blocs are general knowledge, written into that script.\n"
              "# Columns: phrase, code (ISO 3166-1 alpha-2, EU, or empty for other blocs), kind (name, alt, demonym,\n"
              "# capital, seat), short English name of the actor.\n")
    for r in rows:
        if r[0] in seen:
            continue
        seen.add(r[0])
        out.write("\t".join(r) + "\n")


if __name__ == "__main__":
    main()
