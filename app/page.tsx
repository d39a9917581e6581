import { redirect } from "next/navigation";
import { currentMember } from "@/lib/auth/require-actor";

export default async function Home() {
  redirect((await currentMember()) ? "/settings/authorization" : "/login");
}
