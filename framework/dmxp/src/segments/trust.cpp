#include "segments/trust.hpp"

#include <pwd.h>
#include <unistd.h>

#include "platform/error.hpp"

namespace dmxp::detail {
namespace {

// "65534 (nobody)"; "1234 (no user name)" when the password database does not know it.
std::string describe_uid(uid_t uid) {
  char buf[4096];
  struct passwd pw{}, *found = nullptr;
  std::string name = getpwuid_r(uid, &pw, buf, sizeof buf, &found) == 0 && found
                         ? found->pw_name : "no user name";
  return std::to_string(uid) + " (" + name + ")";
}

bool owner_trusted(const struct stat& st, const SegmentTrust& t) {
  return st.st_uid == geteuid() || (t.uid != DMXP_NO_ID && st.st_uid == t.uid) ||
         (t.gid != DMXP_NO_ID && st.st_gid == t.gid);
}

}  // namespace

SegmentTrust SegmentTrust::from_options(const dmxp_channel_options& o) {
  SegmentTrust t;
  t.uid = o.trusted_uid;
  t.gid = o.trusted_gid;
  t.world_writable = o.allow_world_writable != 0 || (o.permissions & S_IWOTH) != 0;
  return t;
}

SegmentTrust SegmentTrust::for_tools() {
  SegmentTrust t;
  t.world_writable = true;
  t.opener = Opener::kTool;
  return t;
}

SegmentTrust SegmentTrust::for_registry(bool world_writable) {
  SegmentTrust t;
  t.world_writable = world_writable;
  t.opener = Opener::kRegistry;
  return t;
}

namespace {

int refuse_owner(const struct stat& st, const char* seg, SegmentTrust::Opener opener) {
  std::string owner = describe_uid(st.st_uid), self = describe_uid(geteuid());
  unsigned mode = unsigned(st.st_mode & 07777);
  switch (opener) {
    case SegmentTrust::Opener::kTool:
      return fail(DMXP_ERR_PERMISSION, "segment %s is owned by uid %s, mode %04o, not "
                  "by this process's uid %s: tools only read segments of their own uid; run "
                  "the tool as uid %u, or remove the segment if you do not trust that user",
                  seg, owner.c_str(), mode, self.c_str(), unsigned(st.st_uid));
    case SegmentTrust::Opener::kRegistry:
      return fail(DMXP_ERR_PERMISSION, "segment %s is owned by uid %s, mode %04o, not by this "
                  "process's uid %s: another local user may have created it first to read or "
                  "forge what it holds; remove it if you do not trust that user", seg,
                  owner.c_str(), mode, self.c_str());
    case SegmentTrust::Opener::kChannel: break;
  }
  return fail(DMXP_ERR_PERMISSION, "segment %s is owned by uid %s, mode %04o, not by "
              "this process's uid %s: another local user may have created it first to read "
              "or forge its messages; remove it if you do not trust that user, or trust its "
              "owner with the channel options trusted_uid or trusted_gid", seg, owner.c_str(),
              mode, self.c_str());
}

int refuse_world_writable(const struct stat& st, const char* seg, SegmentTrust::Opener opener) {
  const char* advice =
      opener == SegmentTrust::Opener::kRegistry
          ? "remove it when no node runs in the domain (nodes create it again with the mode of "
            "the domain's key segment)"
          : "recreate it without world-write permission (e.g. 0660), or accept it with the "
            "channel option allow_world_writable or permissions that include world-write";
  return fail(DMXP_ERR_PERMISSION, "segment %s (owner uid %s, mode %04o) is writable by every "
              "user, who could corrupt it or truncate it under its readers; %s", seg,
              describe_uid(st.st_uid).c_str(), unsigned(st.st_mode & 07777), advice);
}

}  // namespace

int check_segment_trust(const struct stat& st, const std::string& path,
                        const SegmentTrust& t) {
  if (!S_ISREG(st.st_mode))
    return fail(DMXP_ERR_PERMISSION, "segment %s (owner uid %s, mode %04o) is not a "
                "regular file; remove it", path.c_str(), describe_uid(st.st_uid).c_str(),
                unsigned(st.st_mode & 07777));
  if (!owner_trusted(st, t)) return refuse_owner(st, path.c_str(), t.opener);
  if ((st.st_mode & S_IWOTH) && !t.world_writable)
    return refuse_world_writable(st, path.c_str(), t.opener);
  return DMXP_OK;
}

}  // namespace dmxp::detail
