handbookSearchLoaded("terms/or",{"order":[12,1]});
