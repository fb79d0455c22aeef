#include "segments/names.hpp"

#include <sys/stat.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "platform/error.hpp"

namespace dmxp::detail {
namespace {
bool is_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         c == '_' || c == '-' || c == '.';
}
}  // namespace

int validate_channel_name(std::string_view name) {
  std::string shown(name.substr(0, 120));
  if (name.empty())
    return fail(DMXP_ERR_INVALID_ARGUMENT, "channel name is empty");
  if (name.size() > kMaxChannelName)
    return fail(DMXP_ERR_INVALID_ARGUMENT, "channel name '%s...' is longer than %zu characters",
                shown.c_str(), kMaxChannelName);
  if (name.front() == '.')
    return fail(DMXP_ERR_INVALID_ARGUMENT, "channel name '%s' must not start with '.'",
                shown.c_str());
  if (name.find("..") != std::string_view::npos)
    return fail(DMXP_ERR_INVALID_ARGUMENT, "channel name '%s' must not contain '..'",
                shown.c_str());
  for (char c : name)
    if (!is_name_char(c))
      return fail(DMXP_ERR_INVALID_ARGUMENT,
                  "channel name '%s' contains '%c'; use letters, digits, '_', '-' and '.'",
                  shown.c_str(), c);
  return DMXP_OK;
}

int validate_domain_name(std::string_view name) {
  std::string shown(name.substr(0, 60));
  if (name.empty() || name.size() > kMaxDomainName)
    return fail(DMXP_ERR_INVALID_ARGUMENT, "domain '%s' must have 1 to %zu characters",
                shown.c_str(), kMaxDomainName);
  for (char c : name)
    if (!is_name_char(c) || c == '.')
      return fail(DMXP_ERR_INVALID_ARGUMENT,
                  "domain '%s' contains '%c'; use letters, digits, '_' and '-'", shown.c_str(), c);
  return DMXP_OK;
}

std::string resolve_domain(const char* explicit_domain) {
  if (explicit_domain && *explicit_domain) return explicit_domain;
  const char* env = std::getenv("DMXP_DOMAIN");
  if (env && *env) return env;
  return "default";
}

std::string channel_segment_prefix(std::string_view domain) {
  return "dmxp." + std::string(domain) + ".ch.";
}

std::string channel_segment_name(std::string_view domain, std::string_view channel) {
  return channel_segment_prefix(domain) + std::string(channel);
}

std::string domain_segment_name(std::string_view domain) {
  return "dmxp." + std::string(domain) + ".keys";
}

std::string graph_segment_name(std::string_view domain) {
  return "dmxp." + std::string(domain) + ".graph";
}

int shm_dir(std::string& out) {
  constexpr const char* kAdvice =
      "set it to the absolute path of an existing directory, or unset it to use /dev/shm";
  const char* env = std::getenv("DMXP_SHM_DIR");
  if (!env) {
    out = kDefaultShmDir;
    return DMXP_OK;
  }
  if (!*env)
    return fail(DMXP_ERR_INVALID_ARGUMENT, "DMXP_SHM_DIR is set but empty; %s", kAdvice);
  if (*env != '/')
    return fail(DMXP_ERR_INVALID_ARGUMENT, "DMXP_SHM_DIR '%s' is not an absolute path; %s", env,
                kAdvice);
  struct stat st{};
  if (::stat(env, &st) != 0)
    return fail(DMXP_ERR_INVALID_ARGUMENT, "DMXP_SHM_DIR '%s' is not a directory (%s); %s", env,
                std::strerror(errno), kAdvice);
  if (!S_ISDIR(st.st_mode))
    return fail(DMXP_ERR_INVALID_ARGUMENT, "DMXP_SHM_DIR '%s' is not a directory; %s", env,
                kAdvice);
  out = env;
  while (out.size() > 1 && out.back() == '/') out.pop_back();
  return DMXP_OK;
}

int segment_path(std::string_view segment, std::string& out) {
  std::string dir;
  if (int rc = shm_dir(dir); rc != DMXP_OK) return rc;
  out = dir == "/" ? "/" + std::string(segment) : dir + "/" + std::string(segment);
  return DMXP_OK;
}

}  // namespace dmxp::detail
