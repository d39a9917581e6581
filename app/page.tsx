import { redirect } from "next/navigation";
import { connection } from "next/server";
import { currentMember } from "@/lib/auth/require-actor";
import { isSetUp } from "@/lib/setup";

export default async function Home() {
  await connection(); // request-time only: the build must not open the database
  if (!(await isSetUp())) redirect("/setup");
  redirect((await currentMember()) ? "/settings/authorization" : "/login");
}
