import { redirect } from "next/navigation";
import { currentMember } from "@/lib/auth/session";

export default async function Home() {
  redirect((await currentMember()) ? "/settings/authorization" : "/login");
}
