// Installs a Debian package for the test command when it is missing (Chromium, PgBouncer): only
// as root and where apt-get exists. Tries the install first and refreshes the package lists only
// if that fails, so a machine whose lists are current does not wait for them.
import { spawnSync } from "node:child_process";

export function canUseAptGet() {
  return process.getuid?.() === 0 && spawnSync("apt-get", ["--version"], { stdio: "ignore" }).status === 0;
}

/** Whether `apt-get install -y <name>` succeeded (false without root or apt-get). */
export function aptInstall(name) {
  if (!canUseAptGet()) return false;
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  const install = () => spawnSync("apt-get", ["install", "-y", name], { stdio: "inherit", env }).status === 0;
  return install() || (spawnSync("apt-get", ["update"], { stdio: "inherit", env }).status === 0 && install());
}
