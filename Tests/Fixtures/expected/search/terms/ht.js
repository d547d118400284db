handbookSearchLoaded("terms/ht",{"https":[8,1]});
