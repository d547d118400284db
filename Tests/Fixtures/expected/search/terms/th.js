handbookSearchLoaded("terms/th",{"they":[8,18]});
