#include "workflow/messages.hpp"

#include <array>

namespace stationd::workflow {
namespace {

constexpr std::array<message_text, 8> texts{{
    {"ship.unknown_package", "Package {sscc} is not known at this station.",
     "Kollit {sscc} är okänt vid den här stationen."},
    {"ship.already_loaded", "Package {sscc} of order {order} is already loaded.",
     "Kollit {sscc} på ordern {order} är redan lastat."},
    {"ship.not_labeled", "Package {sscc} has no confirmed label yet ({state}). Label it before loading.",
     "Kollit {sscc} har ingen bekräftad etikett än ({state}). Märk det före lastning."},
    {"ship.order_cancelled", "Order {order} is cancelled: do not load it.",
     "Ordern {order} är makulerad: lasta den inte."},
    {"ship.order_on_hold", "Order {order} is on hold and must not leave: {reason}.",
     "Ordern {order} är spärrad och får inte lämna lagret: {reason}."},
    {"ship.customs_not_released",
     "Package {sscc} holds {product}, non-Union goods without customs release (release: {release}). Keep it here.",
     "Kollit {sscc} innehåller {product}, icke-unionsvaror utan tullens medgivande (status: {release}). Behåll det här."},
    {"ship.loaded", "Package {sscc} loaded: {loaded} of {total} for order {order}.",
     "Kollit {sscc} är lastat: {loaded} av {total} för ordern {order}."},
    {"ship.shipped", "Order {order} shipped: {packages} packages with {carrier}, tracking {tracking}.",
     "Ordern {order} är skickad: {packages} kollin med {carrier}, spårningsnummer {tracking}."},
}};

} // namespace

std::span<const message_text> ship_messages() { return texts; }

} // namespace stationd::workflow
