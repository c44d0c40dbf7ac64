import { Body, Controller, Get, Post, Query } from "@nestjs/common";
import { HttpService } from "@nestjs/axios";
import axios from "axios";

const STATUS_URL = "https://status.example.com/api";

@Controller("webhooks")
export class WebhooksController {
  constructor(private readonly http: HttpService) {}

  @Post("ping")
  async ping(@Body("url") url: string) {
    // ruleid: ssrf
    const r = await axios.get(url);
    return r.status;
  }

  @Get("fetch")
  async fetchIt(@Query("target") target: string) {
    // ruleid: ssrf
    const r = await fetch(target);
    return r.status;
  }

  @Get("status")
  async status(@Query("verbose") verbose: string) {
    // ok: ssrf
    const r = await axios.get(STATUS_URL, { params: { verbose } });
    return r.data;
  }
}
