// SQL shared by alert_store.cpp and digest_store.cpp (storage-internal).
#pragma once

#include <string>

#include "storage/db.h"
#include "storage/types.h"

namespace nianbao::storage {

// An UPDATE marking the alerts of the deliveries `deliveries` selects (a
// SELECT of alert_id, channel using ?1) as sent at ?2 over their channel;
// delivered_to lists each channel once.
inline std::string AlertsDeliveredSql(const std::string& deliveries) {
  return "UPDATE alerts SET last_sent_at = ?2, delivered_to = CASE "
         "WHEN ',' || delivered_to || ',' LIKE '%,' || d.channel || ',%' THEN delivered_to "
         "WHEN delivered_to = '' THEN d.channel ELSE delivered_to || ',' || d.channel END "
         "FROM (" + deliveries + ") AS d WHERE alerts.id = d.alert_id";
}

// The alert columns ReadAlert reads, for a table aliased `a`.
inline constexpr const char* kAlertColumnsOfA =
    "a.id, a.kind, a.agency, a.year, a.detail, a.first_seen_at, a.last_seen_at, a.last_sent_at, a.delivered_to, "
    "a.resolved_at, a.versions";

// An AlertRow from kAlertColumnsOfA's columns, starting at column `first`.
inline AlertRow ReadAlertAt(const Query& q, int first) {
  AlertRow a;
  a.id = q.Int(first);
  a.kind = q.Text(first + 1);
  a.agency = q.Text(first + 2);
  a.year = static_cast<int>(q.Int(first + 3));
  a.detail = q.Text(first + 4);
  a.first_seen_at = q.Int(first + 5);
  a.last_seen_at = q.Int(first + 6);
  a.last_sent_at = q.OptInt(first + 7);
  a.delivered_to = q.Text(first + 8);
  a.resolved_at = q.OptInt(first + 9);
  a.versions = static_cast<int>(q.Int(first + 10));
  return a;
}

}  // namespace nianbao::storage
